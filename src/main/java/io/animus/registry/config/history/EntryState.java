package io.animus.registry.config.history;

import io.animus.registry.config.ValueType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One version of an entry as the history keeps it: the value as stored (still encrypted when the
 * entry is), its type, whether it is encrypted, and the entry's other columns ({@code description},
 * {@code category}) as JSON. Environment variables have no type column; theirs is {@code string}.
 */
@RegisterForReflection
public record EntryState(String value, ValueType type, boolean encrypted, ObjectNode details) {

    /** An empty details object, to fill. */
    public static ObjectNode emptyDetails() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The same state with another stored value. */
    public EntryState withValue(String stored) {
        return new EntryState(stored, type, encrypted, details);
    }
}
