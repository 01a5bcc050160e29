package io.animus.registry.config.scoped;

import io.animus.registry.config.Scope;
import io.animus.registry.config.ValueRequest;
import io.animus.registry.config.ValueType;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A new configuration. The value is text and must match {@code type} (default {@code string});
 * {@code scope_id} names the agent, tool or user of the scope, and is null for {@code system}.
 */
@RegisterForReflection
public record ConfigurationRequest(
        @NotBlank @Size(max = 255) String key,
        String value,
        ValueType type,
        @NotNull Scope scope,
        Integer scopeId,
        String description,
        @JsonProperty("is_encrypted") Boolean encrypted) implements ValueRequest {

    @Override
    public ObjectNode details() {
        return ValueRequest.described(description);
    }
}
