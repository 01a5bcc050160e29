package io.animus.registry.tool;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/** Whether a module serves every agent ({@code global}) or is installed in one agent's folder ({@code agent}). */
public enum ModuleScope implements Labelled {
    GLOBAL("global"),
    AGENT("agent");

    private final String label;

    ModuleScope(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static ModuleScope of(String label) {
        return Labelled.fromLabel(ModuleScope.class, label);
    }

    /** Maps the column. */
    @jakarta.persistence.Converter(autoApply = true)
    public static class JpaConverter extends Labelled.Converter<ModuleScope> {
        public JpaConverter() {
            super(ModuleScope.class);
        }
    }
}
