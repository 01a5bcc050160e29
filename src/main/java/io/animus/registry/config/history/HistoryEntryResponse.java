package io.animus.registry.config.history;

import io.animus.registry.config.ConfigTable;
import io.animus.registry.config.ValueType;
import io.animus.registry.config.secret.SecretValues;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One version of an entry. Encrypted values are always masked here: the history keeps them
 * encrypted, and a rollback restores them without anyone reading them.
 */
@RegisterForReflection
public record HistoryEntryResponse(
        String entryKey,
        ConfigTable table,
        int version,
        HistoryAction action,
        @Schema(nullable = true) Integer rolledBackTo,
        @Schema(nullable = true) String oldValue,
        @Schema(nullable = true, implementation = String.class, description = "string, number, boolean or json") ValueType oldType,
        @Schema(nullable = true) @JsonProperty("old_is_encrypted") Boolean oldEncrypted,
        ObjectNode oldDetails,
        @Schema(nullable = true) String newValue,
        @Schema(nullable = true, implementation = String.class, description = "string, number, boolean or json") ValueType newType,
        @Schema(nullable = true) @JsonProperty("new_is_encrypted") Boolean newEncrypted,
        ObjectNode newDetails,
        @Schema(nullable = true) Integer changedBy,
        Instant changedAt) {

    public static HistoryEntryResponse from(ConfigHistory version) {
        return new HistoryEntryResponse(version.entryKey, version.table, version.version, version.action, version.rolledBackTo,
                SecretValues.masked(version.oldValue, Boolean.TRUE.equals(version.oldEncrypted)), version.oldType,
                version.oldEncrypted, version.oldDetails,
                SecretValues.masked(version.newValue, Boolean.TRUE.equals(version.newEncrypted)), version.newType,
                version.newEncrypted, version.newDetails, version.changedBy, version.changedAt);
    }
}
