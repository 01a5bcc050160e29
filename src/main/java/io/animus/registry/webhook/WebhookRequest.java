package io.animus.registry.webhook;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body that registers a webhook or replaces its fields: where to send ({@code url}), which events
 * ({@code events}), the secret that signs deliveries ({@code secret}: required to register, kept when
 * absent from a replacement, never shown again), a description, and whether it is active.
 */
@RegisterForReflection
public record WebhookRequest(
        @NotBlank @Size(max = 2000) String url,
        @NotNull @Size(min = 1, max = 20) List<@NotNull EventType> events,
        @Schema(description = "The secret that signs deliveries (HMAC-SHA256), 16 to 256 characters; write-only: no answer shows it."
                + " Required to register a webhook; a replacement without it keeps the current one.", writeOnly = true)
        @Size(min = 16, max = 256) String secret,
        @Size(max = 1000) String description,
        Boolean isActive) {
}
