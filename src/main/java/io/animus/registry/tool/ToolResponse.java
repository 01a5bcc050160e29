package io.animus.registry.tool;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.animus.registry.agent.Status;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A tool as the API shows it. */
@RegisterForReflection
public record ToolResponse(
        Integer id,
        String name,
        @Schema(nullable = true) String description,
        @Schema(nullable = true) String emoji,
        @Schema(nullable = true) String category,
        @Schema(nullable = true, description = "The version string; every version the tool has had is listed at /api/v1/tools/{id}/versions") String version,
        Status status,
        ModuleScope moduleScope,
        JsonNode configSchema,
        @Schema(description = "The JSON Schema of the tool's arguments, for the tool of an SMCP plugin's command"
                + " (<plugin>__<command>, made from the command's parameters); NULL for other tools") JsonNode inputSchema,
        boolean isEnabled,
        @Schema(nullable = true) Integer createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public static ToolResponse from(Tool tool) {
        return new ToolResponse(tool.id, tool.name, tool.description, tool.emoji, tool.category, tool.version, tool.status,
                tool.moduleScope, tool.configSchema, tool.inputSchema, tool.enabled, tool.createdBy == null ? null : tool.createdBy.id,
                tool.createdAt, tool.updatedAt);
    }
}
