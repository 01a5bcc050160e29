package io.animus.registry.config.scoped;

import io.animus.registry.config.EntryKey;
import io.animus.registry.config.Scope;
import io.animus.registry.config.ValueType;
import io.animus.registry.config.secret.SecretValues;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A configuration as the API shows it: an encrypted value is masked unless revealed. */
@RegisterForReflection
public record ConfigurationResponse(
        Integer id,
        String entryKey,
        String key,
        @Schema(nullable = true) String value,
        ValueType type,
        Scope scope,
        @Schema(nullable = true) Integer scopeId,
        @Schema(nullable = true) String description,
        @JsonProperty("is_encrypted") boolean encrypted,
        @Schema(nullable = true) Integer createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public static ConfigurationResponse from(Configuration entry) {
        return withValue(entry, SecretValues.masked(entry.value, entry.encrypted));
    }

    /** The configuration with its plaintext value, for the reveal endpoint. */
    public static ConfigurationResponse withValue(Configuration entry, String value) {
        return new ConfigurationResponse(entry.id, EntryKey.configuration(entry.scope, entry.scopeId, entry.key).text(),
                entry.key, value, entry.type, entry.scope, entry.scopeId, entry.description, entry.encrypted,
                entry.createdBy == null ? null : entry.createdBy.id, entry.createdAt, entry.updatedAt);
    }
}
