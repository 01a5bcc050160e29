package io.animus.registry.template;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/** What a template makes when applied: an agent (with its settings and tool instances) or a tool (with its settings). */
public enum TemplateKind implements Labelled {
    AGENT("agent"),
    TOOL("tool");

    private final String label;

    TemplateKind(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static TemplateKind of(String label) {
        return Labelled.fromLabel(TemplateKind.class, label);
    }

    /** Maps the column. */
    @jakarta.persistence.Converter(autoApply = true)
    public static class JpaConverter extends Labelled.Converter<TemplateKind> {
        public JpaConverter() {
            super(TemplateKind.class);
        }
    }
}
