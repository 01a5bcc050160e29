package io.animus.registry.config.system;

import io.animus.registry.config.ValueRequest;
import io.animus.registry.config.ValueType;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The new value of a system setting: all of it is replaced; a missing category is {@code general}. */
@RegisterForReflection
public record SystemConfigUpdate(
        String configValue,
        @NotNull ValueType configType,
        String description,
        @NotNull @JsonProperty("is_encrypted") Boolean encrypted,
        @Size(min = 1, max = 50) String category) implements ValueRequest.SystemConfigFields {
}
