package io.animus.registry.letta;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Whether the registry reaches Letta with the settings in use: Letta's version and agent count, or why not. */
@RegisterForReflection
@Schema(name = "LettaCheck")
public record LettaCheckResponse(
        boolean reachable,
        @Schema(nullable = true) String url,
        @Schema(nullable = true, description = "Letta's version, from /v1/health/") String version,
        @Schema(nullable = true, description = "Letta's own health status") String status,
        @Schema(nullable = true, description = "How many agents Letta has") Long agentCount,
        @Schema(nullable = true, enumeration = { "not_configured", "name_not_resolved", "refused", "connect_timed_out", "timed_out",
                "unauthorized", "server_error", "not_a_letta_server", "answer_too_large", "unreachable" }) String reason,
        @Schema(nullable = true, description = "Why Letta was not reached, in words") String problem,
        long durationMs,
        Instant checkedAt) {
}
