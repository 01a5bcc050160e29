package io.animus.cli.module;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.animus.cli.Animus;
import io.animus.cli.Exit;
import io.animus.cli.Failure;
import io.animus.cli.Output;
import io.animus.cli.Registry;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A module's configuration as environment variables: the settings the registry delivers to the module
 * key ({@code GET /api/v1/delivery/configuration}), each named as the registry names it in its dotenv
 * form, and the version ({@code ETag}) it was delivered with.
 *
 * @param etag the {@code ETag} header as received, for {@code If-None-Match}
 * @param variables environment variable names and their values, in the registry's key order
 */
public record ModuleConfiguration(String etag, Map<String, String> variables) {

    /** The path of the delivery endpoint under {@code /api/v1/}. */
    public static final String PATH = "delivery/configuration";

    public ModuleConfiguration {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** The configuration the registry delivers now; any refusal is a {@link Failure}. */
    public static ModuleConfiguration fetch(Registry registry) {
        Registry.Answer answer = registry.get(PATH);
        return of(answer.etag(), answer.body());
    }

    /** The configuration of a delivered document ({@code settings}: key to typed value). */
    public static ModuleConfiguration of(String etag, JsonNode delivered) {
        if (delivered == null || !delivered.path("settings").isObject()) {
            throw new Failure(Exit.ERROR, "the registry answered something that is not a module's configuration: check ANIMUS_REGISTRY_URL");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> settings = delivered.get("settings").fields();
        while (settings.hasNext()) {
            Map.Entry<String, JsonNode> setting = settings.next();
            // two keys with one name: the first in key order keeps it, as in the registry's dotenv form
            variables.putIfAbsent(name(setting.getKey()), text(setting.getValue()));
        }
        String version = etag != null ? etag : delivered.path("version").isTextual() ? "\"" + delivered.get("version").asText() + "\"" : null;
        return new ModuleConfiguration(version, variables);
    }

    /**
     * The variable name of a configuration key, by the registry's rule: upper case, every character
     * other than an ASCII letter or digit turned into {@code _}, and {@code _} before a leading digit or
     * an empty key. {@code mcp.port} becomes {@code MCP_PORT}.
     */
    public static String name(String key) {
        StringBuilder name = new StringBuilder(key.length() + 1);
        if (key.isEmpty() || Character.isDigit(key.charAt(0))) {
            name.append('_');
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            name.append(c < 128 && Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }

    /** A typed value as the text of a variable: strings as they are, null as empty, anything else as JSON. */
    static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        return value.toString();
    }

    /** The variables as a dotenv file in POSIX shell syntax ({@code set -a; . ./file; set +a} reads it back). */
    public String dotenv() {
        StringBuilder file = new StringBuilder("# Animus registry configuration, version ").append(etag == null ? "unknown" : etag).append('\n');
        variables.forEach((name, value) -> {
            file.append(name).append("=\"");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\\' || c == '"' || c == '$' || c == '`') {
                    file.append('\\');
                }
                file.append(c);
            }
            file.append("\"\n");
        });
        return file.toString();
    }

    /** The variables as one JSON object of names and values. */
    public ObjectNode json() {
        ObjectNode object = Output.JSON.createObjectNode();
        variables.forEach(object::put);
        return object;
    }

    /** The configuration as stored by the fallback: its version and its variables. */
    byte[] serialize() {
        ObjectNode stored = Output.JSON.createObjectNode();
        stored.put("etag", etag);
        stored.set("variables", json());
        try {
            return Output.JSON.writeValueAsBytes(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always serializable", e);
        }
    }

    static ModuleConfiguration deserialize(JsonNode stored) {
        Map<String, String> variables = new LinkedHashMap<>();
        stored.path("variables").fields().forEachRemaining(entry -> variables.put(entry.getKey(), entry.getValue().asText()));
        return new ModuleConfiguration(stored.path("etag").isTextual() ? stored.get("etag").asText() : null, variables);
    }
}
