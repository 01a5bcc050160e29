package io.animus.registry.webhook;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;

import io.animus.registry.identity.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An HTTP endpoint an admin registered to be told of system events. Its signing secret is stored
 * sealed with the registry's secrets key and never leaves the registry but as a signature.
 */
@Entity
@Table(name = "webhooks")
public class Webhook extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "webhooks_id")
    @SequenceGenerator(name = "webhooks_id", sequenceName = "webhooks_id_seq", allocationSize = 1)
    public Integer id;

    public String url;

    /** The labels of the {@link io.animus.registry.webhook.EventType}s it subscribes to. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> events;

    /** The sealed secret ({@code enc:v1:...}), bound to the entry {@link WebhookSecrets#entryOf}. */
    public String secret;

    public String description;

    @Column(name = "is_active")
    public boolean active = true;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by")
    public User createdBy;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "updated_at")
    public Instant updatedAt;
}
