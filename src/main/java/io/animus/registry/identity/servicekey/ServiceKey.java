package io.animus.registry.identity.servicekey;

import io.animus.registry.identity.Roles;
import io.animus.registry.identity.user.User;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The credential of a service that calls the registry without a user, such as Broca or a module: an
 * API key of which only the SHA-256 is stored. A module key is bound to one tool, tool instance or
 * agent; deleting that row revokes the key (a trigger of the schema). A revoked key keeps its row,
 * for the record.
 */
@Entity
@Table(name = "service_keys")
public class ServiceKey extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @NotBlank
    @Size(max = 100)
    public String name;

    /** Lower-case hex SHA-256 of the key; the key itself is never stored. */
    @Column(name = "key_hash")
    public String keyHash;

    /** The role the key's holder acts in ({@link Roles#BROCA} or {@link Roles#MODULE}). */
    public String role;

    /** For a module key, the one tool, tool instance or agent it is bound to; the others are null. */
    @Column(name = "tool_id")
    public Integer toolId;

    @Column(name = "tool_instance_id")
    public Integer toolInstanceId;

    @Column(name = "agent_id")
    public Integer agentId;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by")
    public User createdBy;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public static Optional<ServiceKey> findByKeyHash(String keyHash) {
        return find("keyHash", keyHash).firstResultOptional();
    }

    /** The scope a module key is bound to; null for any other key, or a module key whose scope was deleted. */
    public KeyScope scope() {
        if (toolId != null) {
            return KeyScope.TOOL;
        }
        if (toolInstanceId != null) {
            return KeyScope.TOOL_INSTANCE;
        }
        return agentId != null ? KeyScope.AGENT : null;
    }

    /** The id of the row {@link #scope()} names. */
    public Integer scopeId() {
        return toolId != null ? toolId : toolInstanceId != null ? toolInstanceId : agentId;
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
