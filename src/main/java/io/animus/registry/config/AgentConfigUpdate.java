package io.animus.registry.config;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The new value of an agent's setting: all of it is replaced; the agent and key never change. */
public record AgentConfigUpdate(
        String configValue,
        @NotNull ValueType configType,
        @NotNull @JsonProperty("is_encrypted") Boolean encrypted) {
}
