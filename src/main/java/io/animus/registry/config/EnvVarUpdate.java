package io.animus.registry.config;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The new value of an environment variable: all of it is replaced; the name never changes. */
public record EnvVarUpdate(
        String varValue,
        String description,
        @NotNull @JsonProperty("is_encrypted") Boolean encrypted) {
}
