package io.animus.registry.config.secret;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/** Through what an encrypted value was shown in plaintext. */
public enum RevealPurpose implements Labelled {
    /** The reveal endpoint of one entry. */
    REVEAL("reveal"),
    /** The effective configuration asked with {@code reveal=true}. */
    EFFECTIVE("effective"),
    /** The dotenv export of the environment variables. */
    EXPORT("export"),
    /** The configuration delivered to a module key. */
    DELIVERY("delivery");

    private final String label;

    RevealPurpose(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static RevealPurpose of(String label) {
        return Labelled.fromLabel(RevealPurpose.class, label);
    }

    /** Maps the column. */
    @jakarta.persistence.Converter(autoApply = true)
    public static class JpaConverter extends Labelled.Converter<RevealPurpose> {
        public JpaConverter() {
            super(RevealPurpose.class);
        }
    }
}
