package io.animus.registry.chat;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.agent.Agent;
import io.animus.registry.identity.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A conversation of a web interface user with one agent. */
@Entity
@Table(name = "web_chat_sessions")
public class WebChatSession extends PanacheEntityBase {

    /** Unguessable identifier. */
    @Id
    public String id;

    /** Short identifier, unique, for display and links. */
    public String uid;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id")
    public User user;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "agent_id")
    public Agent agent;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    /** Moved by every message and reply; set by the database on insert. */
    @Generated(event = EventType.INSERT)
    @Column(name = "last_active")
    public Instant lastActive;

    @Column(name = "ip_address")
    public String ipAddress;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode metadata;

    public static Optional<WebChatSession> findByUid(String uid) {
        return find("uid", uid).firstResultOptional();
    }

    /** Marks the session active now, without loading it. */
    public static void touch(String id) {
        update("lastActive = CURRENT_TIMESTAMP where id = ?1", id);
    }
}
