package io.animus.registry.letta;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One row of the link's states: a registry agent and its state, or a Letta agent no registry agent names. */
@RegisterForReflection
@Schema(name = "LettaAgentState")
public record LettaAgentResponse(
        @Schema(enumeration = { "linked", "missing_in_letta", "not_a_letta_id", "unchecked", "unregistered" }) String state,
        @Schema(nullable = true, description = "The registry agent; null for an unregistered Letta agent") Integer agentId,
        @Schema(nullable = true) String lettaUid,
        @Schema(nullable = true) String name,
        @Schema(nullable = true) String lettaId,
        @Schema(nullable = true) String lettaName,
        @Schema(nullable = true) List<String> lettaTools,
        @Schema(nullable = true) Instant lettaUpdatedAt,
        @Schema(nullable = true) Instant checkedAt,
        @Schema(nullable = true) Instant stateSince) {
}
