package io.animus.registry.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The new value of a system setting: all of it is replaced; a missing category is {@code general}. */
public record SystemConfigUpdate(
        String configValue,
        @NotNull ValueType configType,
        String description,
        @NotNull @JsonProperty("is_encrypted") Boolean encrypted,
        @Size(min = 1, max = 50) String category) {
}
