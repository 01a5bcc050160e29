package io.animus.registry.config.agent;

import io.animus.registry.config.ValueRequest;
import io.animus.registry.config.ValueType;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The new value of an agent's setting: all of it is replaced; the agent and key never change. */
@RegisterForReflection
public record AgentConfigUpdate(
        String configValue,
        @NotNull ValueType configType,
        @NotNull @JsonProperty("is_encrypted") Boolean encrypted) implements ValueRequest.ConfigValueFields {
}
