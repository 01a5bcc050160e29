package io.animus.registry.tool;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.agent.Status;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body that creates a tool or replaces its fields. Absent optional fields take their defaults. */
@RegisterForReflection
public record ToolRequest(
        @NotBlank @Size(max = 255) String name,
        @Size(max = 10_000) String description,
        @Size(max = 32) String emoji,
        @Size(max = 100) String category,
        @Size(max = 50) String version,
        Status status,
        ModuleScope moduleScope,
        JsonNode configSchema,
        Boolean isEnabled) {

    void applyTo(Tool tool) {
        tool.name = name.strip();
        tool.description = description;
        tool.emoji = emoji;
        tool.category = category;
        tool.version = version;
        tool.status = status == null ? Status.READY : status;
        tool.moduleScope = moduleScope == null ? ModuleScope.GLOBAL : moduleScope;
        tool.configSchema = configSchema == null || configSchema.isNull() ? null : configSchema;
        tool.enabled = isEnabled == null || isEnabled;
    }
}
