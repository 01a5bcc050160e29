package io.animus.registry.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.animus.registry.config.ValueType;
import io.animus.registry.config.ValueTypes;
import io.animus.registry.tool.JsonSchemas;
import io.animus.registry.web.ProblemException;

/**
 * The state document in its two spellings, JSON and YAML: read (checked against its JSON Schema, each
 * entry given the defaults of the API for the fields it leaves out, a key given twice refused) into
 * {@link StateItem}s, and written from them, agents' settings under their agent and plugins under their tool.
 */
@ApplicationScoped
public class StateDocuments {

    public static final String YAML = "application/yaml";

    /** The document's JSON Schema, as served at {@code /api/v1/state/schema}. */
    public static final String SCHEMA_RESOURCE = "state/state-schema.json";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JsonMapper json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private final YAMLMapper yaml = YAMLMapper.builder(YAMLFactory.builder().build())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private final JsonNode schema;

    @Inject
    JsonSchemas schemas;

    @Inject
    CanonicalJson canonical;

    public StateDocuments() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            schema = json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the state document's schema cannot be read", e);
        }
    }

    public JsonNode schema() {
        return schema;
    }

    /** The document's text, JSON or YAML by its media type; 400 when it does not parse. */
    public JsonNode parse(String text, boolean isYaml) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("The body is empty: send a state document");
        }
        try {
            JsonNode node = isYaml ? yaml.readTree(text) : json.readTree(text);
            return node == null ? JSON.missingNode() : node;
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("The body is not a valid " + (isYaml ? "YAML" : "JSON") + " document: "
                    + e.getOriginalMessage());
        }
    }

    public static boolean isYaml(String mediaType) {
        return mediaType != null && (mediaType.startsWith(YAML) || mediaType.startsWith("application/x-yaml")
                || mediaType.startsWith("text/yaml"));
    }

    public String write(ObjectNode document, boolean asYaml) {
        try {
            return asYaml ? yaml.writeValueAsString(document) : json.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries a document declares; 422 naming the field for a document its schema refuses or a key given twice. */
    public List<StateItem> items(JsonNode document, String root) {
        schemas.check(root, "the state document does not satisfy its schema (GET /api/v1/state/schema)", schema, document);
        Map<String, String> seen = new HashMap<>();
        List<StateItem> items = new ArrayList<>();
        Adder add = (item, path) -> {
            String before = seen.putIfAbsent(item.id(), path);
            if (before != null) {
                throw ProblemException.invalid(path, "declares " + item.kind().label() + " " + item.key() + " again (first at " + before + ")");
            }
            items.add(item);
        };
        each(document, "users", root, (entry, path) -> {
            ObjectNode fields = JSON.objectNode().put("username", entry.get("username").textValue())
                    .put("email", entry.get("email").textValue()).put("role", entry.get("role").textValue())
                    .put("is_active", bool(entry, "is_active"));
            add.add(new StateItem(Kind.USER, StateKeys.user(fields.get("username").textValue()), fields), path);
        });
        each(document, "agents", root, (entry, path) -> {
            String uid = entry.get("letta_uid").textValue().strip();
            ObjectNode fields = JSON.objectNode().put("letta_uid", uid).put("name", stripped(entry, "name"))
                    .put("description", text(entry, "description")).put("status", text(entry, "status", "Ready"))
                    .put("is_active", bool(entry, "is_active"));
            fields.set("config", canonical.of(entry.get("config")));
            fields.set("visible_to_users", distinct(entry.get("visible_to_users")));
            fields.set("visible_to_roles", distinct(entry.get("visible_to_roles")));
            add.add(new StateItem(Kind.AGENT, uid, fields), path);
            each(entry, "settings", path, (setting, settingPath) -> {
                ObjectNode settingFields = JSON.objectNode().put("agent", uid).put("key", setting.get("key").textValue());
                settingFields.set("value", value(setting, settingPath));
                settingFields.put("type", text(setting, "type", "string"));
                add.add(new StateItem(Kind.AGENT_SETTING, StateKeys.agentSetting(uid, setting.get("key").textValue()), settingFields),
                        settingPath);
            });
        });
        each(document, "tools", root, (entry, path) -> {
            String name = entry.get("name").textValue().strip();
            ObjectNode fields = JSON.objectNode().put("name", name).put("description", text(entry, "description"))
                    .put("emoji", text(entry, "emoji")).put("category", text(entry, "category")).put("version", text(entry, "version"))
                    .put("status", text(entry, "status", "Ready")).put("module_scope", text(entry, "module_scope", "global"));
            fields.set("config_schema", canonical.of(entry.get("config_schema")));
            fields.put("is_enabled", bool(entry, "is_enabled"));
            add.add(new StateItem(Kind.TOOL, name, fields), path);
            each(entry, "plugins", path, (plugin, pluginPath) -> {
                String pluginName = plugin.get("name").textValue().strip();
                ObjectNode pluginFields = JSON.objectNode().put("tool", name).put("name", pluginName)
                        .put("version", text(plugin, "version")).put("status", text(plugin, "status", "Active"));
                pluginFields.set("config", canonical.of(plugin.get("config")));
                JsonNode dependencies = distinct(plugin.get("dependencies"));
                pluginFields.set("dependencies", dependencies.isNull() ? JSON.arrayNode() : dependencies);
                pluginFields.put("is_enabled", bool(plugin, "is_enabled"));
                add.add(new StateItem(Kind.PLUGIN, StateKeys.plugin(name, pluginName), pluginFields), pluginPath);
            });
        });
        Map<String, Integer> instanceRanks = new HashMap<>();
        each(document, "tool_instances", root, (entry, path) -> {
            String tool = entry.get("tool").textValue();
            String agent = text(entry, "agent");
            ObjectNode fields = JSON.objectNode().put("tool", tool).put("agent", agent).put("name", text(entry, "name"));
            fields.set("config", canonical.of(entry.get("config")));
            fields.put("status", text(entry, "status", "Ready")).put("is_active", bool(entry, "is_active"));
            add.add(new StateItem(Kind.TOOL_INSTANCE, StateKeys.toolInstance(tool, agent, text(entry, "name"),
                    instanceRanks.merge(StateKeys.toolInstance(tool, agent, text(entry, "name"), 1), 1, Integer::sum)), fields), path);
        });
        each(document, "configurations", root, (entry, path) -> {
            String scope = entry.get("scope").textValue();
            String owner = text(entry, "owner");
            if ("system".equals(scope) != (owner == null)) {
                throw ProblemException.invalid(path + ".owner", "system".equals(scope) ? "must be null for the system scope"
                        : "is required for the " + scope + " scope");
            }
            ObjectNode fields = JSON.objectNode().put("scope", scope).put("owner", owner).put("key", entry.get("key").textValue());
            fields.set("value", value(entry, path));
            fields.put("type", text(entry, "type", "string")).put("description", text(entry, "description"));
            add.add(new StateItem(Kind.CONFIGURATION, StateKeys.configuration(scope, owner, entry.get("key").textValue()), fields), path);
        });
        each(document, "system_settings", root, (entry, path) -> {
            ObjectNode fields = JSON.objectNode().put("key", entry.get("key").textValue());
            fields.set("value", value(entry, path));
            fields.put("type", text(entry, "type", "string")).put("category", text(entry, "category", "general"))
                    .put("description", text(entry, "description"));
            add.add(new StateItem(Kind.SYSTEM_SETTING, entry.get("key").textValue(), fields), path);
        });
        each(document, "env_vars", root, (entry, path) -> {
            ObjectNode fields = JSON.objectNode().put("name", entry.get("name").textValue());
            fields.set("value", value(entry, path));
            fields.put("description", text(entry, "description"));
            add.add(new StateItem(Kind.ENV_VAR, entry.get("name").textValue(), fields), path);
        });
        items.sort(StateReader.ORDER);
        return items;
    }

    /** The document of the entries (sorted as {@link StateReader} sorts them), as an export writes it. */
    public ObjectNode document(List<StateItem> items) {
        ObjectNode document = JSON.objectNode().put("version", 1);
        Map<Kind, ArrayNode> lists = new LinkedHashMap<>();
        for (String name : List.of("users", "agents", "tools", "tool_instances", "configurations", "system_settings", "env_vars")) {
            lists.put(switch (name) {
                case "users" -> Kind.USER;
                case "agents" -> Kind.AGENT;
                case "tools" -> Kind.TOOL;
                case "tool_instances" -> Kind.TOOL_INSTANCE;
                case "configurations" -> Kind.CONFIGURATION;
                case "system_settings" -> Kind.SYSTEM_SETTING;
                default -> Kind.ENV_VAR;
            }, document.putArray(name));
        }
        Map<String, ObjectNode> agents = new HashMap<>();
        Map<String, ObjectNode> tools = new HashMap<>();
        for (StateItem item : items) {
            switch (item.kind()) {
                case AGENT -> {
                    ObjectNode agent = item.fields().deepCopy();
                    agent.putArray("settings");
                    agents.put(item.key(), agent);
                    lists.get(Kind.AGENT).add(agent);
                }
                case TOOL -> {
                    ObjectNode tool = item.fields().deepCopy();
                    tool.putArray("plugins");
                    tools.put(item.key(), tool);
                    lists.get(Kind.TOOL).add(tool);
                }
                case AGENT_SETTING -> {
                    ObjectNode setting = item.fields().deepCopy();
                    setting.remove("agent");
                    ((ArrayNode) agents.get(item.text("agent")).get("settings")).add(setting);
                }
                case PLUGIN -> {
                    ObjectNode plugin = item.fields().deepCopy();
                    plugin.remove("tool");
                    ((ArrayNode) tools.get(item.text("tool")).get("plugins")).add(plugin);
                }
                default -> lists.get(item.kind()).add(item.fields().deepCopy());
            }
        }
        return document;
    }

    private interface Adder {
        void add(StateItem item, String path);
    }

    private interface EntryVisitor {
        void visit(JsonNode entry, String path);
    }

    private static void each(JsonNode parent, String field, String root, EntryVisitor visitor) {
        JsonNode list = parent.get(field);
        if (list == null || !list.isArray()) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            visitor.visit(list.get(i), root + "." + field + "[" + i + "]");
        }
    }

    /**
     * The entry's value; 422 for a secret the command line should have resolved, or a value that does not
     * match the entry's type (the rule the apply would refuse it by, told at plan time).
     */
    private static JsonNode value(JsonNode entry, String path) {
        JsonNode value = entry.get("value");
        if (SecretValue.isSecret(value) && !SecretValue.isKeep(value)) {
            SecretValue.plaintext(path + ".value", value);
        }
        ValueType type = ValueType.of(text(entry, "type", "string"));
        String plaintext = value == null || value.isNull() || SecretValue.isKeep(value) ? null
                : SecretValue.isSecret(value) ? SecretValue.plaintext(path + ".value", value) : value.asText();
        ValueTypes.mismatch(type, plaintext).ifPresent(reason -> {
            throw ProblemException.invalid(path + ".value", reason + " (its type is " + type.label() + ")");
        });
        return value == null ? JSON.nullNode() : value;
    }

    private static String text(JsonNode entry, String field) {
        return text(entry, field, null);
    }

    private static String text(JsonNode entry, String field, String otherwise) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() ? otherwise : value.asText();
    }

    private static String stripped(JsonNode entry, String field) {
        String value = text(entry, field);
        return value == null ? null : value.strip();
    }

    private static boolean bool(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() || value.asBoolean();
    }

    /** A list without repeats, in its order; null stays null. */
    private static JsonNode distinct(JsonNode list) {
        if (list == null || list.isNull()) {
            return JSON.nullNode();
        }
        ArrayNode distinct = JSON.arrayNode();
        List<String> seen = new ArrayList<>();
        for (JsonNode element : list) {
            String text = element.asText().strip();
            if (!seen.contains(text)) {
                seen.add(text);
                distinct.add(text);
            }
        }
        return distinct;
    }
}
