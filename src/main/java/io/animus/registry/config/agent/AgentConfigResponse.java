package io.animus.registry.config.agent;

import io.animus.registry.config.EntryKey;
import io.animus.registry.config.ValueType;
import io.animus.registry.config.secret.SecretValues;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An agent's setting as the API shows it: an encrypted value is masked unless revealed. */
@RegisterForReflection
public record AgentConfigResponse(
        Integer id,
        String entryKey,
        Integer agentId,
        String configKey,
        @Schema(nullable = true) String configValue,
        ValueType configType,
        @JsonProperty("is_encrypted") boolean encrypted,
        Instant createdAt,
        Instant updatedAt) {

    public static AgentConfigResponse from(AgentConfig entry) {
        return withValue(entry, SecretValues.masked(entry.configValue, entry.encrypted));
    }

    public static AgentConfigResponse withValue(AgentConfig entry, String value) {
        return new AgentConfigResponse(entry.id, EntryKey.agentConfig(entry.agent.id, entry.configKey).text(), entry.agent.id,
                entry.configKey, value, entry.configType, entry.encrypted, entry.createdAt, entry.updatedAt);
    }
}
