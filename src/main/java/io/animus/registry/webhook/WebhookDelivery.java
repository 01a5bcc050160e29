package io.animus.registry.webhook;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * One event to be sent to one webhook: the outbox row, written in the transaction that raised the
 * event, and the record of its attempts. Senders write it with SQL ({@link WebhookDispatcher}).
 */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDelivery extends PanacheEntityBase {

    /** The states of a delivery. */
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    @Id
    public Long id;

    @Column(name = "webhook_id")
    public Integer webhookId;

    /** Loaded with the delivery: every answer about a delivery shows its event. */
    @ManyToOne
    @JoinColumn(name = "event_id")
    public WebhookEvent event;

    public String status;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "response_status")
    public Integer responseStatus;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "duration_ms")
    public Integer durationMs;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "redelivery_of")
    public Long redeliveryOf;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The deliveries of one webhook, newest first, optionally in one state. */
    public static PanacheQuery<WebhookDelivery> findByWebhook(int webhookId, String status) {
        Parameters parameters = Parameters.with("webhook", webhookId);
        String query = "webhookId = :webhook";
        if (status != null) {
            query += " and status = :status";
            parameters.and("status", status);
        }
        return find(query, Sort.descending("id"), parameters);
    }

    /** One delivery of one webhook. */
    public static Optional<WebhookDelivery> findOfWebhook(int webhookId, long id) {
        return find("id = ?1 and webhookId = ?2", id, webhookId)
                .firstResultOptional();
    }
}
