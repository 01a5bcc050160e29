package io.animus.registry.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/** The four tables that hold configuration values, named as in the database. */
public enum ConfigTable implements Labelled {
    CONFIGURATIONS("configurations"),
    SYSTEM_CONFIG("system_config"),
    ENV_VARS("env_vars"),
    AGENT_CONFIGS("agent_configs");

    private final String label;

    ConfigTable(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static ConfigTable of(String label) {
        return Labelled.fromLabel(ConfigTable.class, label);
    }

    /** Maps the column. */
    @jakarta.persistence.Converter(autoApply = true)
    public static class JpaConverter extends Labelled.Converter<ConfigTable> {
        public JpaConverter() {
            super(ConfigTable.class);
        }
    }
}
