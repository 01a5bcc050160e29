package io.animus.registry.delivery;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.animus.registry.config.layer.ConfigurationLayers.Layer;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A module's effective configuration as delivered to its key: typed values with secrets in
 * plaintext, and where each came from.
 *
 * @param version the entity tag of this configuration: it changes whenever anything delivered changes
 */
@RegisterForReflection
public record DeliveredConfiguration(Scope scope, String version, Map<String, JsonNode> settings, Map<String, Source> sources) {

    /** The scope the key is bound to, with the agent and tool a tool instance implies. */
    @RegisterForReflection
    public record Scope(@Schema(nullable = true) Integer agentId, @Schema(nullable = true) Integer toolId, @Schema(nullable = true) Integer toolInstanceId) {
    }

    /** The layer and row a value came from. */
    @RegisterForReflection
    public record Source(Layer layer, String source, @Schema(nullable = true) Integer sourceId) {
    }
}
