package io.animus.registry.config.envvar;

import io.animus.registry.config.EntryKey;
import io.animus.registry.config.secret.SecretValues;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An environment variable as the API shows it: an encrypted value is masked unless revealed. */
@RegisterForReflection
public record EnvVarResponse(
        Integer id,
        String entryKey,
        String varName,
        @Schema(nullable = true) String varValue,
        @JsonProperty("is_encrypted") boolean encrypted,
        @Schema(nullable = true) String description,
        Instant createdAt,
        Instant updatedAt) {

    public static EnvVarResponse from(EnvVar entry) {
        return withValue(entry, SecretValues.masked(entry.varValue, entry.encrypted));
    }

    public static EnvVarResponse withValue(EnvVar entry, String value) {
        return new EnvVarResponse(entry.id, EntryKey.envVar(entry.varName).text(), entry.varName, value, entry.encrypted,
                entry.description, entry.createdAt, entry.updatedAt);
    }
}
