package io.animus.registry.letta;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The link's settings in use, and where each comes from; the password only as whether one is set. */
@RegisterForReflection
@Schema(name = "LettaSettings")
public record LettaSettingsResponse(
        @Schema(nullable = true) String url,
        @Schema(enumeration = { "saved", "environment", "none" }) String urlSource,
        boolean passwordSet,
        @Schema(enumeration = { "saved", "environment", "none" }) String passwordSource,
        long connectTimeoutMs,
        long readTimeoutMs,
        String every,
        boolean switchOffMissing,
        int pageSize,
        int maxPages,
        @Schema(nullable = true) Instant savedAt) {

    static LettaSettingsResponse from(LinkSettings settings, Instant savedAt) {
        return new LettaSettingsResponse(settings.url().map(Object::toString).orElse(null), settings.urlSource(),
                settings.password().isPresent(), settings.passwordSource(), settings.connectTimeout().toMillis(),
                settings.readTimeout().toMillis(), settings.every(), settings.switchOffMissing(), settings.pageSize(),
                settings.maxPages(), savedAt);
    }
}
