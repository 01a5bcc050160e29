package io.animus.registry.agent;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An agent's link to Letta as its answer shows it: the state the last completed reconciliation found, and when. */
@RegisterForReflection
@Schema(name = "AgentLetta", description = "The agent's link to its Letta agent, as the last completed reconciliation found it")
public record AgentLettaResponse(
        @Schema(enumeration = { "linked", "missing_in_letta", "not_a_letta_id", "unchecked" }) String state,
        @Schema(nullable = true, description = "When a reconciliation last checked the agent; null when none has") Instant checkedAt,
        @Schema(nullable = true, description = "Since when the agent has had this state") Instant stateSince,
        @Schema(nullable = true, description = "The Letta agent's id the registry agent names, when it can be one") String lettaId,
        @Schema(nullable = true, description = "The Letta agent's name, when linked") String lettaName,
        @Schema(nullable = true, description = "The names of the tools Letta has attached to the agent, when linked") List<String> lettaTools,
        @Schema(nullable = true, description = "Letta's updated_at of the agent, when linked") Instant lettaUpdatedAt) {

    static final AgentLettaResponse UNCHECKED = new AgentLettaResponse(AgentLettaLink.UNCHECKED, null, null, null, null, null, null);

    public static AgentLettaResponse from(AgentLettaLink link) {
        if (link == null) {
            return UNCHECKED;
        }
        return new AgentLettaResponse(link.state, link.checkedAt, link.stateSince, link.lettaId, link.lettaName,
                link.lettaTools == null ? null : List.copyOf(link.lettaTools), link.lettaUpdatedAt);
    }
}
