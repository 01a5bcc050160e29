package io.animus.registry.config.envvar;

import io.animus.registry.config.ValueRequest;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The new value of an environment variable: all of it is replaced; the name never changes. */
@RegisterForReflection
public record EnvVarUpdate(
        String varValue,
        String description,
        @NotNull @JsonProperty("is_encrypted") Boolean encrypted) implements ValueRequest.EnvVarFields {
}
