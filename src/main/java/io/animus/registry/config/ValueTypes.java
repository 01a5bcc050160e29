package io.animus.registry.config;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import io.animus.registry.web.ProblemException;

/**
 * The rule that a configuration value matches its declared type, and the conversions between the
 * stored text and a typed JSON value.
 * <ul>
 * <li>{@code string}: any text;</li>
 * <li>{@code number}: a JSON number ({@code -12}, {@code 0.5}, {@code 1e3}), no {@code NaN}, {@code 0x},
 * leading {@code +} or zeros, or surrounding blanks, and finite as a double;</li>
 * <li>{@code boolean}: exactly {@code true} or {@code false};</li>
 * <li>{@code json}: one complete JSON document (object, array or scalar), without duplicate keys.</li>
 * </ul>
 * A null value (no value) is allowed for every type. Messages name the entry's key and the type,
 * never the value, which may be a secret.
 */
public final class ValueTypes {

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final int MAX_NUMBER_LENGTH = 100;
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ValueTypes() {
    }

    /** Why {@code value} is not a {@code type}, or empty when it is. */
    public static Optional<String> mismatch(ValueType type, String value) {
        if (value == null || type == ValueType.STRING) {
            return Optional.empty();
        }
        return switch (type) {
            case NUMBER -> isNumber(value) ? Optional.empty() : Optional.of("is not a number");
            case BOOLEAN -> value.equals("true") || value.equals("false") ? Optional.empty() : Optional.of("is not a boolean (true or false)");
            case JSON -> isJson(value) ? Optional.empty() : Optional.of("is not a valid JSON document");
            case STRING -> Optional.empty();
        };
    }

    /**
     * Refuses with 422 a value that does not match its type.
     *
     * @param key the entry's key, named in the message
     */
    public static void check(String key, ValueType type, String value) {
        mismatch(type, value).ifPresent(reason -> {
            throw ProblemException.invalid("value", "the value of '" + key + "' " + reason + " (its type is " + type.label() + ")");
        });
    }

    /**
     * The typed JSON form of a stored value: a string, number, boolean or JSON document. A value that
     * does not match its type (written around the API) is shown as a string.
     */
    public static JsonNode toJson(ValueType type, String value) {
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (type == ValueType.STRING || mismatch(type, value).isPresent()) {
            return JsonNodeFactory.instance.textNode(value);
        }
        if (type == ValueType.NUMBER) {
            return JsonNodeFactory.instance.numberNode(new BigDecimal(value));
        }
        if (type == ValueType.BOOLEAN) {
            return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value));
        }
        try {
            return STRICT.readTree(value);
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(value);
        }
    }

    /** The declared type of a JSON value, as the instance layer's settings have none. */
    public static ValueType typeOf(JsonNode node) {
        if (node.getNodeType() == JsonNodeType.STRING) {
            return ValueType.STRING;
        }
        if (node.isNumber()) {
            return ValueType.NUMBER;
        }
        return node.isBoolean() ? ValueType.BOOLEAN : ValueType.JSON;
    }

    /** The stored text of a JSON value: a string's own text, or the JSON of anything else. */
    public static String toText(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.toString();
    }

    private static boolean isNumber(String value) {
        if (value.length() > MAX_NUMBER_LENGTH || !JSON_NUMBER.matcher(value).matches()) {
            return false;
        }
        try {
            return Double.isFinite(new BigDecimal(value).doubleValue());
        } catch (NumberFormatException e) {
            return false; // an exponent beyond BigDecimal's range
        }
    }

    private static boolean isJson(String value) {
        try {
            STRICT.readTree(value);
            return !value.isBlank();
        } catch (IOException e) {
            return false;
        }
    }
}
