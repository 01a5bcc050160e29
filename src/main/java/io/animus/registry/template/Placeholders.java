package io.animus.registry.template;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.config.ValueTypes;

/**
 * The {@code {{parameter}}} placeholders of a template. A string that is one placeholder and
 * nothing else takes the parameter's value with its JSON type ({@code "{{retries}}"} becomes
 * {@code 3}); a placeholder inside longer text is replaced by the value's text
 * ({@code "{{name}}-search"}). Only string values hold placeholders, never object keys.
 */
public final class Placeholders {

    /** A parameter's name: a lower-case identifier of at most 64 characters. */
    public static final String NAME = "[a-z][a-z0-9_]{0,63}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(" + NAME + ")\\}\\}");

    private Placeholders() {
    }

    /** The parameter that {@code node} is exactly the placeholder of, if it is one. */
    public static Optional<String> whole(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return Optional.empty();
        }
        Matcher matcher = PLACEHOLDER.matcher(node.textValue());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** Whether {@code node} holds a placeholder anywhere. */
    public static boolean any(JsonNode node) {
        boolean[] found = { false };
        visit(node, "", (path, name) -> found[0] = true);
        return found[0];
    }

    /** Calls {@code found} with the JSON path (under {@code path}) and parameter name of every placeholder in {@code node}. */
    public static void visit(JsonNode node, String path, BiConsumer<String, String> found) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            Matcher matcher = PLACEHOLDER.matcher(node.textValue());
            while (matcher.find()) {
                found.accept(path, matcher.group(1));
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> visit(field.getValue(), path + "." + field.getKey(), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), path + "[" + i + "]", found);
            }
        }
    }

    /**
     * A copy of {@code node} with every placeholder replaced by its value; a parameter without a value
     * (optional, no default) is JSON null as a whole value and empty text inside longer text.
     */
    public static JsonNode resolve(JsonNode node, Map<String, JsonNode> values) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            Optional<String> whole = whole(node);
            if (whole.isPresent()) {
                JsonNode value = values.get(whole.get());
                return value == null ? JsonNodeFactory.instance.nullNode() : value.deepCopy();
            }
            Matcher matcher = PLACEHOLDER.matcher(node.textValue());
            if (!matcher.find()) {
                return node;
            }
            return JsonNodeFactory.instance.textNode(matcher.replaceAll(match -> {
                JsonNode value = values.get(match.group(1));
                return Matcher.quoteReplacement(value == null || value.isNull() ? "" : ValueTypes.toText(value));
            }));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), resolve(field.getValue(), values));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(resolve(element, values)));
            return copy;
        }
        return node;
    }
}
