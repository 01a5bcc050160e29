package io.animus.registry.tool;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.animus.registry.agent.Status;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A tool instance as the API shows it. */
@RegisterForReflection
public record ToolInstanceResponse(
        Integer id,
        Integer toolId,
        ModuleScope moduleScope,
        @Schema(nullable = true) Integer agentId,
        @Schema(nullable = true) String name,
        JsonNode config,
        Status status,
        @Schema(nullable = true) Instant lastRun,
        @Schema(nullable = true) Instant nextRun,
        boolean isActive,
        @Schema(nullable = true) Integer createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public static ToolInstanceResponse from(ToolInstance instance) {
        return new ToolInstanceResponse(instance.id, instance.tool.id, instance.moduleScope,
                instance.agent == null ? null : instance.agent.id, instance.name, instance.config, instance.status,
                instance.lastRun, instance.nextRun, instance.active,
                instance.createdBy == null ? null : instance.createdBy.id, instance.createdAt, instance.updatedAt);
    }
}
