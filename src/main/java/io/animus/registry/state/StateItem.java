package io.animus.registry.state;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.config.EntryKey;

/**
 * One entry of a registry's state, the same shape whether read from the database or from a document:
 * its kind, its key among its kind (names, never ids), and its fields as the document writes them.
 *
 * @param stored for an encrypted value read from the database, the value as stored (sealed); it never
 *        leaves the registry, and only makes a change of a secret change the state's digest
 * @param entryKey for a configuration entry read from the database, its entry key (which opens its secret)
 */
public record StateItem(Kind kind, String key, ObjectNode fields, String stored, EntryKey entryKey) {

    public StateItem(Kind kind, String key, ObjectNode fields) {
        this(kind, key, fields, null, null);
    }

    /** The entry's identity across the document and the database. */
    public String id() {
        return kind.label() + " " + key;
    }

    public String text(String field) {
        return fields.hasNonNull(field) ? fields.get(field).asText() : null;
    }
}
