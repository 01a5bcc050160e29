package io.animus.registry.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/** The declared type of a configuration value. */
public enum ValueType implements Labelled {
    STRING("string"),
    NUMBER("number"),
    BOOLEAN("boolean"),
    JSON("json");

    private final String label;

    ValueType(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static ValueType of(String label) {
        return Labelled.fromLabel(ValueType.class, label);
    }

    /** Maps the column. */
    @jakarta.persistence.Converter(autoApply = true)
    public static class JpaConverter extends Labelled.Converter<ValueType> {
        public JpaConverter() {
            super(ValueType.class);
        }
    }
}
