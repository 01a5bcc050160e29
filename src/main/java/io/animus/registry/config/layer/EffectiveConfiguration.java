package io.animus.registry.config.layer;

import io.animus.registry.config.ValueType;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.animus.registry.config.layer.ConfigurationLayers.Layer;
import io.animus.registry.config.layer.ConfigurationLayers.Origin;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The merged settings for an agent, a tool and a tool instance, each with its provenance.
 *
 * @param revealed whether encrypted values are shown in plaintext (an admin asked for it)
 */
@RegisterForReflection
public record EffectiveConfiguration(@Schema(nullable = true) Integer agentId, @Schema(nullable = true) Integer toolId, @Schema(nullable = true) Integer toolInstanceId, boolean revealed,
        List<Setting> settings) {

    /**
     * One effective key: its typed value (a JSON string, number, boolean or document; the mask for a
     * secret unless revealed), the layer and table it came from, and the sources it overrode.
     */
    @RegisterForReflection
    public record Setting(String key, JsonNode value, ValueType type, @JsonProperty("is_encrypted") boolean encrypted,
            Layer layer, String source, @Schema(nullable = true) Integer sourceId, List<Origin> overrides) {
    }
}
