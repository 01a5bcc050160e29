package io.animus.registry.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/** The layer a configuration belongs to; every scope but {@code system} names its entity by {@code scope_id}. */
public enum Scope implements Labelled {
    SYSTEM("system"),
    AGENT("agent"),
    TOOL("tool"),
    USER("user");

    private final String label;

    Scope(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static Scope of(String label) {
        return Labelled.fromLabel(Scope.class, label);
    }

    /** Maps the column. */
    @jakarta.persistence.Converter(autoApply = true)
    public static class JpaConverter extends Labelled.Converter<Scope> {
        public JpaConverter() {
            super(Scope.class);
        }
    }
}
