package io.animus.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * A registry state document on the command line's side: read from a file (YAML, of which JSON is a
 * part), written as YAML (every string quoted, so that {@code "8080"} or {@code "true"} read back as
 * text), and its secrets resolved here, never by the registry: {@code {secret: {env: NAME}}} from this
 * process's environment, {@code {secret: {file: PATH}}} from a file (relative to the document's folder).
 */
final class StateDocument {

    static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder().build())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private StateDocument() {
    }

    /** The document in the file; a usage failure when it cannot be read or parsed. */
    static ObjectNode read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Failure(Exit.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        try {
            JsonNode node = YAML.readTree(text);
            if (node == null || !node.isObject()) {
                throw new Failure(Exit.USAGE, file + " is not a state document (an object with version, users, agents, ...)");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new Failure(Exit.USAGE, file + " is not valid YAML or JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
    }

    static String yaml(JsonNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new Failure(Exit.ERROR, "cannot write the document: " + e.getOriginalMessage());
        }
    }

    /**
     * A copy of the document with each {@code {secret: {env}}} and {@code {secret: {file}}} replaced by
     * {@code {secret: {value}}}; a usage failure naming the variable or file when it is missing.
     */
    static ObjectNode resolveSecrets(ObjectNode document, Map<String, String> env, Path folder) {
        ObjectNode copy = document.deepCopy();
        resolve(copy, env, folder);
        return copy;
    }

    private static void resolve(JsonNode node, Map<String, String> env, Path folder) {
        if (node.isObject()) {
            JsonNode secret = node.get("secret");
            if (secret != null && secret.isObject()) {
                ObjectNode resolved = Output.JSON.createObjectNode();
                if (secret.hasNonNull("env")) {
                    String name = secret.get("env").asText();
                    String value = env.get(name);
                    if (value == null) {
                        throw new Failure(Exit.USAGE, "the document's secret {env: " + name + "} is not set in the environment");
                    }
                    resolved.put("value", value);
                    ((ObjectNode) node).set("secret", resolved);
                } else if (secret.hasNonNull("file")) {
                    Path path = folder.resolve(secret.get("file").asText());
                    try {
                        String value = Files.readString(path, StandardCharsets.UTF_8);
                        resolved.put("value", value.endsWith("\n") ? value.substring(0, value.length() - (value.endsWith("\r\n") ? 2 : 1)) : value);
                    } catch (IOException e) {
                        throw new Failure(Exit.USAGE, "the document's secret {file: " + secret.get("file").asText() + "} cannot be read: " + e.getMessage());
                    }
                    ((ObjectNode) node).set("secret", resolved);
                }
                return;
            }
            Iterator<JsonNode> fields = node.elements();
            while (fields.hasNext()) {
                resolve(fields.next(), env, folder);
            }
        } else if (node.isArray()) {
            for (JsonNode element : (ArrayNode) node) {
                resolve(element, env, folder);
            }
        }
    }
}
