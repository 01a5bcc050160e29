package io.animus.registry.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.Labelled;

/** The roles of the registry's users, from most to least privileged. */
public enum Role implements Labelled {
    ADMIN("admin"),
    USER("user"),
    VIEWER("viewer");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static Role of(String label) {
        return Labelled.fromLabel(Role.class, label);
    }

    /** Maps the column. */
    @jakarta.persistence.Converter(autoApply = true)
    public static class JpaConverter extends Labelled.Converter<Role> {
        public JpaConverter() {
            super(Role.class);
        }
    }
}
