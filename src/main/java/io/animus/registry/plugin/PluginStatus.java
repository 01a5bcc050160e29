package io.animus.registry.plugin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/** The status the seed gives plugins. */
public enum PluginStatus implements Labelled {
    ACTIVE("Active"),
    INACTIVE("Inactive"),
    ERROR("Error");

    private final String label;

    PluginStatus(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static PluginStatus of(String label) {
        return Labelled.fromLabel(PluginStatus.class, label);
    }

    /** Maps the column. */
    @jakarta.persistence.Converter(autoApply = true)
    public static class JpaConverter extends Labelled.Converter<PluginStatus> {
        public JpaConverter() {
            super(PluginStatus.class);
        }
    }
}
