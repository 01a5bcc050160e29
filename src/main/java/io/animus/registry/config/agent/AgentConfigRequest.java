package io.animus.registry.config.agent;

import io.animus.registry.config.ValueRequest;
import io.animus.registry.config.ValueType;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A new setting of one agent; an agent has at most one setting per {@code config_key}. */
@RegisterForReflection
public record AgentConfigRequest(
        @NotNull Integer agentId,
        @NotBlank @Size(max = 100) String configKey,
        String configValue,
        ValueType configType,
        @JsonProperty("is_encrypted") Boolean encrypted) implements ValueRequest.ConfigValueFields {
}
