package io.animus.registry.config;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        Integer rolledBackTo,
        String oldValue,
        ValueType oldType,
        @JsonProperty("old_is_encrypted") Boolean oldEncrypted,
        ObjectNode oldDetails,
        String newValue,
        ValueType newType,
        @JsonProperty("new_is_encrypted") Boolean newEncrypted,
        ObjectNode newDetails,
        Integer changedBy,
        Instant changedAt) {

    public static HistoryEntryResponse from(ConfigHistory version) {
        return new HistoryEntryResponse(version.entryKey, version.table, version.version, version.action, version.rolledBackTo,
                SecretValues.masked(version.oldValue, Boolean.TRUE.equals(version.oldEncrypted)), version.oldType,
                version.oldEncrypted, version.oldDetails,
                SecretValues.masked(version.newValue, Boolean.TRUE.equals(version.newEncrypted)), version.newType,
                version.newEncrypted, version.newDetails, version.changedBy, version.changedAt);
    }
}
