package io.animus.registry.plugin;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body that creates a plugin of a tool or replaces its fields; its scope is always its tool's. */
@RegisterForReflection
public record PluginRequest(
        @NotBlank @Size(max = 255) String name,
        @Size(max = 50) String version,
        PluginStatus status,
        JsonNode config,
        @Size(max = 100) List<@NotBlank @Size(max = 255) String> dependencies,
        Boolean isEnabled) {

    void applyTo(Plugin plugin) {
        plugin.name = name.strip();
        plugin.version = version;
        plugin.status = status == null ? PluginStatus.ACTIVE : status;
        plugin.config = config == null || config.isNull() ? null : config;
        plugin.dependencies = dependencies == null ? null : dependencies.stream().map(String::strip).distinct().toList();
        plugin.enabled = isEnabled == null || isEnabled;
    }
}
