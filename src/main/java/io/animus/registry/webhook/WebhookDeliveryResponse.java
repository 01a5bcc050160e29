package io.animus.registry.webhook;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One delivery of an event to a webhook and how its attempts went. {@code event_id} is the {@code id}
 * of the body the receiver gets, the same in every attempt and redelivery; {@code data} is the
 * event's data as sent (names and ids, never a secret value).
 *
 * @param nextAttemptAt when the next attempt is due, while the delivery is pending
 * @param responseStatus the receiver's HTTP status at the last attempt, or null when it gave none
 * @param redeliveryOf the delivery this one sends again, for a redelivery
 */
@RegisterForReflection
public record WebhookDeliveryResponse(
        Long id,
        Integer webhookId,
        String eventId,
        String eventType,
        DeliveryStatus status,
        int attempts,
        @Schema(nullable = true) Instant nextAttemptAt,
        @Schema(nullable = true) Instant lastAttemptAt,
        @Schema(nullable = true) Integer responseStatus,
        @Schema(nullable = true) String lastError,
        @Schema(nullable = true) Integer durationMs,
        @Schema(nullable = true) Instant deliveredAt,
        @Schema(nullable = true) Long redeliveryOf,
        Instant createdAt,
        Instant occurredAt,
        JsonNode data) {

    public static WebhookDeliveryResponse from(WebhookDelivery delivery) {
        DeliveryStatus status = DeliveryStatus.of(delivery.status);
        return new WebhookDeliveryResponse(delivery.id, delivery.webhookId, delivery.event.uid.toString(), delivery.event.type,
                status, delivery.attempts, status == DeliveryStatus.PENDING ? delivery.nextAttemptAt : null, delivery.lastAttemptAt,
                delivery.responseStatus, delivery.lastError, delivery.durationMs, delivery.deliveredAt, delivery.redeliveryOf,
                delivery.createdAt, delivery.event.occurredAt, delivery.event.data);
    }
}
