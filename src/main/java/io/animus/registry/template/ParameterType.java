package io.animus.registry.template;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.database.Labelled;

/**
 * The type of a value a template asks for. A {@code secret} is text that the application stores
 * encrypted and that the template itself never holds.
 */
public enum ParameterType implements Labelled {
    STRING("string"),
    NUMBER("number"),
    BOOLEAN("boolean"),
    JSON("json"),
    SECRET("secret");

    private final String label;

    ParameterType(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static ParameterType of(String label) {
        return Labelled.fromLabel(ParameterType.class, label);
    }

    /** Why {@code value} is not of this type, or empty when it is; never quotes the value. */
    public Optional<String> mismatch(JsonNode value) {
        boolean fits = switch (this) {
            case STRING -> value.isTextual();
            case SECRET -> value.isTextual() && !value.textValue().isEmpty();
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case JSON -> true;
        };
        return fits ? Optional.empty() : Optional.of(this == SECRET ? "must be a non-empty string (a secret)" : "must be a " + label);
    }
}
