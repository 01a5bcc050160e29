package io.animus.registry.agent;

import io.animus.registry.database.Labelled;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The operational status the seed gives agents, tools and tool instances. */
public enum Status implements Labelled {
    HEALTHY("Healthy"),
    DEGRADED("Degraded"),
    OFF("Off"),
    READY("Ready");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static Status of(String label) {
        return Labelled.fromLabel(Status.class, label);
    }

    /** Maps the column. */
    @jakarta.persistence.Converter(autoApply = true)
    public static class JpaConverter extends Labelled.Converter<Status> {
        public JpaConverter() {
            super(Status.class);
        }
    }
}
