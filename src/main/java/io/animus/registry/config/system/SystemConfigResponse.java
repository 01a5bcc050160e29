package io.animus.registry.config.system;

import io.animus.registry.config.EntryKey;
import io.animus.registry.config.ValueType;
import io.animus.registry.config.secret.SecretValues;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A system setting as the API shows it: an encrypted value is masked unless revealed. */
@RegisterForReflection
public record SystemConfigResponse(
        Integer id,
        String entryKey,
        String configKey,
        @Schema(nullable = true) String configValue,
        ValueType configType,
        @Schema(nullable = true) String description,
        @JsonProperty("is_encrypted") boolean encrypted,
        String category,
        Instant createdAt,
        Instant updatedAt) {

    public static SystemConfigResponse from(SystemConfig entry) {
        return withValue(entry, SecretValues.masked(entry.configValue, entry.encrypted));
    }

    public static SystemConfigResponse withValue(SystemConfig entry, String value) {
        return new SystemConfigResponse(entry.id, EntryKey.systemConfig(entry.configKey).text(), entry.configKey, value,
                entry.configType, entry.description, entry.encrypted, entry.category, entry.createdAt, entry.updatedAt);
    }
}
