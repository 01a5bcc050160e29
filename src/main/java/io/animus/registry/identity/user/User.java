package io.animus.registry.identity.user;

import io.animus.registry.identity.Role;
import io.animus.registry.identity.session.LockoutPolicy;
import io.animus.registry.identity.session.TokenVersions;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person who signs in to the registry, with a role and the state of their login attempts. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @NotBlank
    @Size(max = 100)
    public String username;

    @NotBlank
    @Email
    @Size(max = 255)
    public String email;

    @NotBlank
    @Column(name = "password_hash")
    public String passwordHash;

    @NotNull
    public Role role;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode permissions;

    @Column(name = "last_login")
    public Instant lastLogin;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "is_active")
    public boolean active = true;

    @Column(name = "failed_login_attempts")
    public int failedLoginAttempts;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    /** Lockouts in a row: each makes the next one's wait longer. */
    @Column(name = "lockout_count")
    public int lockoutCount;

    @Column(name = "last_failed_login")
    public Instant lastFailedLogin;

    /**
     * The version of this user's access tokens: raised when the user is deactivated, changes role or
     * password, or has every session revoked; a token of an older version is refused ({@link TokenVersions}).
     */
    @Column(name = "token_version")
    public int tokenVersion;

    /** Refuses every access token issued to this user so far, on every replica. */
    public void revokeAccessTokens() {
        tokenVersion++;
    }

    /** The state of this account's failed logins and lockouts. */
    public LockoutPolicy.State lockoutState() {
        return new LockoutPolicy.State(failedLoginAttempts, lockoutCount, lockedUntil, lastFailedLogin);
    }

    /** Stores {@code state} as this account's failed logins and lockouts. */
    public void setLockoutState(LockoutPolicy.State state) {
        failedLoginAttempts = state.failures();
        lockoutCount = state.lockouts();
        lockedUntil = state.lockedUntil();
        lastFailedLogin = state.lastFailure();
    }

    /** The user with this username, whatever its case. */
    public static Optional<User> findByUsername(String username) {
        return find("lower(username) = lower(?1)", username).firstResultOptional();
    }

    /** The user with this email, whatever its case. */
    public static Optional<User> findByEmail(String email) {
        return find("lower(email) = lower(?1)", email).firstResultOptional();
    }
}
