package io.animus.registry.plugin;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.animus.registry.tool.ModuleScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A plugin as the API shows it. */
@RegisterForReflection
public record PluginResponse(
        Integer id,
        Integer toolId,
        String name,
        ModuleScope moduleScope,
        @Schema(nullable = true) String version,
        PluginStatus status,
        JsonNode config,
        @Schema(nullable = true) List<String> dependencies,
        boolean isEnabled,
        @Schema(nullable = true) Integer createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public static PluginResponse from(Plugin plugin) {
        return new PluginResponse(plugin.id, plugin.tool.id, plugin.name, plugin.moduleScope, plugin.version,
                plugin.status, plugin.config, plugin.dependencies, plugin.enabled,
                plugin.createdBy == null ? null : plugin.createdBy.id, plugin.createdAt, plugin.updatedAt);
    }
}
