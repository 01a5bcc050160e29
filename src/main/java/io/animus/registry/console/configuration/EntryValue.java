package io.animus.registry.console.configuration;

import io.animus.registry.config.ValueType;
import io.animus.registry.web.ProblemException;

/** The value an entry's form sent, as the services take it: its type, its text (a checkbox's state for a boolean), whether it is secret, its description. */
record EntryValue(ValueType type, String value, boolean secret, String description) {

    /** The value of a form of {@code kind}; 422 on {@code type} for a type the registry does not know. */
    static EntryValue of(EntryKind kind, String type, String value, String flag, String encrypted, String description) {
        ValueType valueType = typeOf(kind, type);
        String sent = valueType == ValueType.BOOLEAN ? Boolean.toString(flag != null) : value;
        return new EntryValue(valueType, sent, "true".equals(encrypted),
                description == null || description.isBlank() ? null : description);
    }

    private static ValueType typeOf(EntryKind kind, String type) {
        if (!kind.typed() || type == null || type.isBlank()) {
            return ValueType.STRING;
        }
        try {
            return ValueType.of(type);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("type", e.getMessage());
        }
    }
}
