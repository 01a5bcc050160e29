package io.animus.registry.discovery.smcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * SMCP's plugin contract v1, as the registry holds a plugin's {@code --describe} output to it: the
 * registry's own schema resource ({@code smcp/describe-contract-v1.schema.json}, the contract's rules
 * restated) checked by the project's JSON Schema validator, then the rules a schema cannot state: the
 * tool name {@code <plugin>__<command>} must match {@code ^[a-zA-Z0-9_-]{1,64}$}, and two commands may
 * not share a name. A payload that keeps to it becomes a {@link Described}; one that does not is
 * refused with every rule it breaks, each naming its field.
 */
public final class DescribeContract {

    /** Thrown for output that breaks the contract; {@link #reasons()} names each field and rule. */
    public static final class Broken extends Exception {
        private final List<String> reasons;

        Broken(List<String> reasons) {
            super(String.join("; ", reasons), null, false, false);
            this.reasons = List.copyOf(reasons);
        }

        public List<String> reasons() {
            return reasons;
        }
    }

    static final String RESOURCE = "smcp/describe-contract-v1.schema.json";
    private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
    private static final int MAX_REASONS = 20;

    /** Strict JSON, as SMCP's server reads it: no comments, no trailing commas, a key once, nothing after the document. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Schema SCHEMA = load();

    private DescribeContract() {
    }

    private static Schema load() {
        try (InputStream in = DescribeContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + RESOURCE + " is missing");
            }
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(MAPPER.readTree(in));
            schema.initializeValidators();
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code text}, the output of {@code cli.py --describe} of the plugin in the folder {@code plugin}, and holds it to the contract. */
    public static Described read(String plugin, String text) throws Broken {
        JsonNode payload;
        try {
            payload = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new Broken(List.of("--describe printed what is not a JSON document" + where + ": " + e.getOriginalMessage()));
        }
        if (payload == null || payload.isMissingNode()) {
            throw new Broken(List.of("--describe printed nothing"));
        }
        return check(plugin, payload);
    }

    /** Holds a parsed payload to the contract. */
    public static Described check(String plugin, JsonNode payload) throws Broken {
        List<String> reasons = new ArrayList<>();
        for (Error error : SCHEMA.validate(payload)) {
            reasons.add(field(error) + ": " + error.getMessage().replaceFirst("^\\$[^:]*: ", ""));
        }
        if (reasons.isEmpty()) {
            Set<String> names = new HashSet<>();
            int index = 0;
            for (JsonNode command : payload.get("commands")) {
                String name = command.get("name").asText();
                String tool = plugin + "__" + name;
                if (!TOOL_NAME.matcher(tool).matches()) {
                    reasons.add("commands[" + index + "].name makes the tool name '" + tool + "' (" + tool.length()
                            + " characters), which must match ^[a-zA-Z0-9_-]{1,64}$");
                }
                if (!names.add(name)) {
                    reasons.add("commands[" + index + "].name '" + name + "' is the name of an earlier command too");
                }
                index++;
            }
            if (payload.path("plugin").path("version").asText("").length() > 50) {
                reasons.add("plugin.version is longer than 50 characters");
            }
        }
        if (!reasons.isEmpty()) {
            throw new Broken(reasons.size() > MAX_REASONS ? reasons.subList(0, MAX_REASONS) : reasons);
        }
        return described(plugin, payload);
    }

    private static Described described(String plugin, JsonNode payload) {
        List<Described.Command> commands = new ArrayList<>();
        for (JsonNode command : payload.get("commands")) {
            String name = command.get("name").asText();
            commands.add(new Described.Command(name, plugin + "__" + name, text(command, "description"),
                    inputSchema(command.path("parameters")).toString(), command.toString()));
        }
        JsonNode about = payload.path("plugin");
        return new Described(plugin, text(about, "version"), text(about, "description"), payload.toString(), List.copyOf(commands));
    }

    /**
     * The JSON Schema of a command's arguments, made from its parameters as SMCP's server makes the
     * MCP tool's {@code inputSchema}: an object of the declared properties (type {@code string} when
     * none is declared), the required ones listed, no others allowed.
     */
    static ObjectNode inputSchema(JsonNode parameters) {
        ObjectNode schema = MAPPER.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (JsonNode parameter : parameters) {
            String name = parameter.get("name").asText();
            String type = parameter.path("type").asText("string");
            ObjectNode property = properties.putObject(name).put("type", type);
            if (parameter.hasNonNull("description") && !parameter.get("description").asText().isEmpty()) {
                property.put("description", parameter.get("description").asText());
            }
            if (parameter.hasNonNull("default")) {
                property.set("default", parameter.get("default"));
            }
            if (type.equals("array")) {
                property.set("items", parameter.hasNonNull("items") ? parameter.get("items") : MAPPER.createObjectNode().put("type", "string"));
            }
            if (parameter.path("required").asBoolean(false)) {
                required.add(name);
            }
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The validator's instance location as a path of the payload ({@code commands[1].parameters[0].type}). */
    private static String field(Error error) {
        String pointer = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        StringBuilder path = new StringBuilder();
        for (String segment : pointer.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String name = segment.replace("~1", "/").replace("~0", "~");
            path.append(name.chars().allMatch(Character::isDigit) ? "[" + name + "]" : (path.length() == 0 ? "" : ".") + name);
        }
        return path.length() == 0 ? "the output" : path.toString();
    }
}
