package io.animus.registry.config.scoped;

import io.animus.registry.config.ValueRequest;
import io.animus.registry.config.ValueType;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The new value of a configuration: all of it is replaced. Its key and scope never change; a
 * renamed setting is a delete and a create.
 */
@RegisterForReflection
public record ConfigurationUpdate(
        String value,
        @NotNull ValueType type,
        String description,
        @NotNull @JsonProperty("is_encrypted") Boolean encrypted) implements ValueRequest {

    @Override
    public ObjectNode details() {
        return ValueRequest.described(description);
    }
}
