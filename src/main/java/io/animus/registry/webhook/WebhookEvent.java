package io.animus.registry.webhook;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A system event as raised, once, whatever the number of webhooks it is delivered to. Written only by {@code webhook_event()}. */
@Entity
@Table(name = "webhook_events")
public class WebhookEvent extends PanacheEntityBase {

    @Id
    public Long id;

    public UUID uid;

    @Column(name = "event_type")
    public String type;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode data;

    @Column(name = "occurred_at")
    public Instant occurredAt;
}
