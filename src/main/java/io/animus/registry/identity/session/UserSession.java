package io.animus.registry.identity.session;

import io.animus.registry.identity.user.User;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;

/** A signed-in session of a user: it backs a refresh token, stored only as a hash. */
@Entity
@Table(name = "user_sessions")
public class UserSession extends PanacheEntityBase {

    @Id
    public String id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    public User user;

    /** A hash of the refresh token, never the token itself. */
    @Column(name = "session_token")
    public String sessionToken;

    /** The hash of the token this session had before its last refresh, to recognise a rotated token used again. */
    @Column(name = "previous_token")
    public String previousToken;

    @Column(name = "ip_address")
    public String ipAddress;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "refreshed_at")
    public Instant refreshedAt;

    /** The session whose current refresh token has this hash, locked for the rest of the transaction. */
    public static Optional<UserSession> findByTokenHashForUpdate(String tokenHash) {
        return find("sessionToken", tokenHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The session whose refresh token had this hash before its last refresh. */
    public static Optional<UserSession> findByPreviousTokenHash(String tokenHash) {
        return find("previousToken", tokenHash).firstResultOptional();
    }

    /** The user's sessions that have not expired at {@code now}, newest first. */
    public static PanacheQuery<UserSession> findLiveOfUser(int userId, Instant now) {
        return find("user.id = ?1 and expiresAt > ?2", Sort.descending("createdAt").and("id"), userId, now);
    }

    /** Ends every session of the user; answers how many there were. */
    public static long deleteOfUser(int userId) {
        return delete("user.id", userId);
    }

    /** Ends the user's sessions but {@code keptSessionId} (which may be null). */
    public static long deleteOfUserExcept(int userId, String keptSessionId) {
        return keptSessionId == null ? deleteOfUser(userId) : delete("user.id = ?1 and id <> ?2", userId, keptSessionId);
    }

    /** Removes the user's sessions that expired before {@code now}. */
    public static long deleteExpiredOfUser(int userId, Instant now) {
        return delete("user.id = ?1 and expiresAt <= ?2", userId, now);
    }
}
