package io.animus.registry.config.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/** What a version of an entry did to its row. */
public enum HistoryAction implements Labelled {
    CREATE("create"),
    UPDATE("update"),
    DELETE("delete");

    private final String label;

    HistoryAction(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static HistoryAction of(String label) {
        return Labelled.fromLabel(HistoryAction.class, label);
    }

    /** Maps the column. */
    @jakarta.persistence.Converter(autoApply = true)
    public static class JpaConverter extends Labelled.Converter<HistoryAction> {
        public JpaConverter() {
            super(HistoryAction.class);
        }
    }
}
