package io.animus.registry.letta;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The link's settings to save. Each setting left out (or null) is not saved, so the environment's value
 * applies; the password is the exception: left out, the saved one stays; an empty string removes it.
 */
@RegisterForReflection
@Schema(name = "LettaSettingsRequest")
public record LettaSettingsRequest(
        @Schema(nullable = true, description = "The Letta server's base URL (http or https)", example = "http://letta:8283") String url,
        @Schema(nullable = true, writeOnly = true, description = "The Letta server's password; left out: unchanged; empty: removed") String password,
        @Schema(nullable = true, description = "Connect timeout, 100 to 300000 ms") Long connectTimeoutMs,
        @Schema(nullable = true, description = "Read timeout of one answer, 100 to 600000 ms") Long readTimeoutMs,
        @Schema(nullable = true, description = "How often the reconciliation runs (10s or more), or off", example = "5m") String every,
        @Schema(nullable = true, description = "Whether an agent missing in Letta is switched Off") Boolean switchOffMissing) {
}
