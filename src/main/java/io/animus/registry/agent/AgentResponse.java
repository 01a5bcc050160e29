package io.animus.registry.agent;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.animus.registry.agent.Status;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An agent as the API shows it. */
@RegisterForReflection
public record AgentResponse(
        Integer id,
        String lettaUid,
        @Schema(nullable = true) String name,
        @Schema(nullable = true) String description,
        Status status,
        JsonNode config,
        boolean isActive,
        @Schema(nullable = true) List<Integer> visibleToUsers,
        @Schema(nullable = true) List<String> visibleToRoles,
        @Schema(nullable = true) Integer createdBy,
        Instant createdAt,
        Instant updatedAt,
        AgentLettaResponse letta) {

    /** The agent's answer, with its link to Letta read from the database. */
    public static AgentResponse from(Agent agent) {
        return from(agent, agent.id == null ? null : AgentLettaLink.forAgent(agent.id).orElse(null));
    }

    /** The agent's answer with the link already read ({@code null}: not checked yet). */
    public static AgentResponse from(Agent agent, AgentLettaLink link) {
        return new AgentResponse(agent.id, agent.lettaUid, agent.name, agent.description, agent.status, agent.config,
                agent.active, agent.visibleToUsers, agent.visibleToRoles,
                agent.createdBy == null ? null : agent.createdBy.id, agent.createdAt, agent.updatedAt,
                AgentLettaResponse.from(link));
    }
}
