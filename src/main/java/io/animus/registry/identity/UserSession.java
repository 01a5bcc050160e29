package io.animus.registry.identity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

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

    @Column(name = "ip_address")
    public String ipAddress;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;
}
