package io.animus.registry.webhook;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A webhook as the API shows it: everything but its secret, which no answer carries. */
@RegisterForReflection
public record WebhookResponse(
        Integer id,
        String url,
        List<String> events,
        @Schema(nullable = true) String description,
        boolean isActive,
        @Schema(nullable = true) Integer createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public static WebhookResponse from(Webhook webhook) {
        return new WebhookResponse(webhook.id, webhook.url, webhook.events, webhook.description, webhook.active,
                webhook.createdBy == null ? null : webhook.createdBy.id, webhook.createdAt, webhook.updatedAt);
    }
}
