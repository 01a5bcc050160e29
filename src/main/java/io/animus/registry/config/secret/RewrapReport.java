package io.animus.registry.config.secret;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a rewrap did: every encrypted value now under {@code key_id}.
 *
 * @param rewrapped values moved from a retired key to the current one
 * @param sealed values flagged encrypted but stored in plaintext, now encrypted
 * @param encrypted encrypted values examined, including those already under the current key
 */
@RegisterForReflection
public record RewrapReport(String keyId, int encrypted, int rewrapped, int sealed, List<TableCount> tables) {

    /** The counts of one table; the history counts each stored old or new value. */
    @RegisterForReflection
    public record TableCount(String table, int encrypted, int rewrapped, int sealed) {
    }

    public static RewrapReport of(String keyId, List<TableCount> tables) {
        return new RewrapReport(keyId, tables.stream().mapToInt(TableCount::encrypted).sum(),
                tables.stream().mapToInt(TableCount::rewrapped).sum(), tables.stream().mapToInt(TableCount::sealed).sum(),
                List.copyOf(tables));
    }
}
