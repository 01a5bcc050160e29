package io.animus.cli.module;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.animus.cli.Animus;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline check of a module's {@code manifest.json}, by the manifest format of the registry's schema
 * reference (Module Discovery: required {@code name} and {@code type}; {@code description},
 * {@code version}, {@code module_scope}, {@code config_schema}, {@code dependencies}, {@code entry_point}
 * optional, each of its type) and the place rules discovery applies: under {@code plugins/} a manifest
 * describes a plugin and names its {@code tool}; in an agent's folder a module is agent-scoped. Read as
 * discovery reads it: comments and trailing commas allowed, duplicate fields refused.
 */
public final class ManifestCheck {

    /** One thing wrong, as the registry's dry run names it: where in the file, and why. */
    public record Problem(String path, String reason) {
    }

    /** Where a manifest lies, as its path relative to the Animus home says. */
    enum Place {
        TOOL, PLUGIN, AGENT_MODULE, UNKNOWN
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private static final Pattern AGENT_PATH = Pattern.compile("(?:^|.*/)(agents/[^/]+/(?:tools|modules)/[^/]+/manifest\\.json)$");
    private static final Pattern HOME_PATH = Pattern.compile("(?:^|.*/)((?:tools|plugins)/[^/]+/manifest\\.json)$");

    private ManifestCheck() {
    }

    /** The path relative to an Animus home that a file's own path shows, or null when it shows none. */
    public static String homePath(String filePath) {
        String path = filePath.replace('\\', '/');
        Matcher agent = AGENT_PATH.matcher(path);
        if (agent.matches()) {
            return agent.group(1);
        }
        Matcher matcher = HOME_PATH.matcher(path);
        return matcher.matches() ? matcher.group(1) : null;
    }

    static Place place(String homePath) {
        if (homePath == null) {
            return Place.UNKNOWN;
        }
        if (homePath.startsWith("plugins/")) {
            return Place.PLUGIN;
        }
        if (homePath.startsWith("agents/")) {
            return Place.AGENT_MODULE;
        }
        return homePath.startsWith("tools/") ? Place.TOOL : Place.UNKNOWN;
    }

    /** Every problem of the manifest's text at {@code homePath} (null: no place rules); empty when it is valid. */
    public static List<Problem> check(String text, String homePath) {
        List<Problem> problems = new ArrayList<>();
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            problems.add(new Problem("", "is not valid JSON" + where + ": " + e.getOriginalMessage()));
            return problems;
        }
        if (tree == null || tree.isMissingNode()) {
            problems.add(new Problem("", "is empty"));
            return problems;
        }
        if (!tree.isObject()) {
            problems.add(new Problem("", "is not a JSON object"));
            return problems;
        }
        Place place = place(homePath);
        required(tree, "name", problems);
        String type = required(tree, "type", problems);
        if (type != null) {
            boolean plugin = type.strip().equalsIgnoreCase("plugin");
            if (place == Place.PLUGIN && !plugin) {
                problems.add(new Problem("type", "is '" + type + "', but manifests under plugins/ describe plugins (\"type\": \"plugin\")"));
            } else if (place != Place.PLUGIN && place != Place.UNKNOWN && plugin) {
                problems.add(new Problem("type", "is 'plugin': a plugin's manifest belongs under plugins/, naming its tool in \"tool\""));
            }
        }
        if (place == Place.PLUGIN) {
            required(tree, "tool", problems);
        }
        for (String field : List.of("name", "type", "description", "entry_point", "emoji", "category", "tool")) {
            text(tree, field, problems);
        }
        JsonNode version = tree.get("version");
        if (version != null && !version.isNull() && !version.isTextual() && !version.isNumber()) {
            problems.add(new Problem("version", "must be a string such as \"1.0.0\""));
        }
        JsonNode scope = tree.get("module_scope");
        if (scope != null && !scope.isNull()) {
            if (!scope.isTextual() || !(scope.asText().equals("global") || scope.asText().equals("agent"))) {
                problems.add(new Problem("module_scope", "must be one of [global, agent]"));
            } else if (place == Place.AGENT_MODULE && scope.asText().equals("global")) {
                problems.add(new Problem("module_scope", "is 'global', but a module in an agent's folder is agent-scoped; a global tool belongs under tools/"));
            }
        }
        JsonNode schema = tree.get("config_schema");
        if (schema != null && !schema.isNull() && !schema.isObject() && !schema.isBoolean()) {
            problems.add(new Problem("config_schema", "must be a JSON Schema: an object or a boolean"));
        }
        JsonNode dependencies = tree.get("dependencies");
        if (dependencies != null && !dependencies.isNull()) {
            if (!dependencies.isArray()) {
                problems.add(new Problem("dependencies", "must be an array of names"));
            } else {
                for (int i = 0; i < dependencies.size(); i++) {
                    if (!dependencies.get(i).isTextual() || dependencies.get(i).asText().isBlank()) {
                        problems.add(new Problem("dependencies[" + i + "]", "must be a name (a non-blank string)"));
                    }
                }
            }
        }
        return problems;
    }

    private static String required(JsonNode tree, String field, List<Problem> problems) {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            problems.add(new Problem(field, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            return null; // reported by text()
        }
        if (node.asText().isBlank()) {
            problems.add(new Problem(field, "is required (it is blank)"));
            return null;
        }
        return node.asText();
    }

    private static void text(JsonNode tree, String field, List<Problem> problems) {
        JsonNode node = tree.get(field);
        if (node != null && !node.isNull() && !node.isTextual()) {
            problems.add(new Problem(field, "must be a string"));
        }
    }
}
