package io.animus.registry.discovery.home;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.animus.registry.database.Labelled;
import io.animus.registry.tool.ModuleScope;

/**
 * Reads one manifest leniently: only {@code name} and {@code type} are required, the other seed
 * fields are optional, unknown fields are kept, and the {@code //} and {@code /* *}{@code /} comments
 * and trailing commas of the seed's own example are accepted. It refuses, with a reason, a file that
 * is too large, not UTF-8, not a JSON object, has a key twice, or gives a known field the wrong type.
 * It has its own JSON mapper: the REST layer's rules (snake_case records, unknown fields refused) do
 * not apply to manifests.
 */
public final class ManifestReader {

    /** Thrown for a manifest that cannot be used; the message is the reason. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final int MAX_NAME = 255;
    private static final int MAX_TYPE = 100;
    private static final int MAX_VERSION = 50;
    private static final int MAX_DESCRIPTION = 10_000;
    private static final int MAX_EMOJI = 32;
    private static final int MAX_CATEGORY = 100;

    private final long maxBytes;

    public ManifestReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Reads, checks and understands the manifest. */
    Manifest read(ManifestFile file) throws Refused {
        byte[] bytes = bytes(file);
        return parse(file, bytes);
    }

    /** The file's bytes, at most the configured limit; the file is opened without following links. */
    public byte[] bytes(ManifestFile file) throws Refused {
        try (SeekableByteChannel channel = Files.newByteChannel(file.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (channel.size() > maxBytes) {
                throw new Refused("is " + channel.size() + " bytes, larger than the limit of " + maxBytes
                        + " bytes (animus.discovery.max-manifest-size)");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(maxBytes + 1, Math.max(channel.size() + 1, 512)));
            while (true) {
                if (!buffer.hasRemaining()) {
                    if (buffer.capacity() > maxBytes) {
                        throw new Refused("is larger than the limit of " + maxBytes + " bytes (animus.discovery.max-manifest-size)");
                    }
                    buffer = ByteBuffer.allocate((int) Math.min(maxBytes + 1, buffer.capacity() * 2L)).put(buffer.flip());
                }
                if (channel.read(buffer) < 0) {
                    break;
                }
            }
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new Refused("cannot be read (" + HomeWalker.reason(e) + ")");
        }
    }

    /**
     * The whole manifest of {@code summary}, read again from its file: refused when the file's bytes are no
     * longer those the summary was made of.
     */
    public Manifest complete(ManifestFile file, Manifest summary, SchemaCheck schemaCheck) throws Refused {
        byte[] bytes = bytes(file);
        String hash = sha256(bytes);
        if (!hash.equals(summary.hash())) {
            throw new Refused("changed while it was being scanned; the next scan takes it up");
        }
        return parse(file, bytes, hash, schemaCheck);
    }

    /** A check of a manifest's config schema, given as the parsed tree while it exists and as its compact text. */
    @FunctionalInterface
    public interface SchemaCheck {
        void check(JsonNode configSchema, String text) throws Refused;
    }

    public Manifest parse(ManifestFile file, byte[] bytes) throws Refused {
        return parse(file, bytes, sha256(bytes), (schema, text) -> {
        });
    }

    /**
     * Understands the manifest's bytes, whose SHA-256 is {@code hash}; {@code schemaCheck} sees the config
     * schema's tree, which the manifest itself keeps only as text.
     */
    public Manifest parse(ManifestFile file, byte[] bytes, String hash, SchemaCheck schemaCheck) throws Refused {
        String text = utf8(bytes);
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new Refused("is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw new Refused("is empty");
        }
        if (!tree.isObject()) {
            throw new Refused("is not a JSON object");
        }
        checkNoNul(tree, "");
        Location location = file.location();
        String name = requiredText(tree, "name", MAX_NAME);
        String type = requiredText(tree, "type", MAX_TYPE);
        checkType(location, type);
        String tool = null;
        List<String> dependencies = null;
        ModuleScope scope = null;
        if (location == Location.PLUGIN) {
            tool = requiredText(tree, "tool", MAX_NAME);
            dependencies = names(tree, "dependencies");
        } else {
            scope = scope(tree, location);
            checkArray(tree, "dependencies");
        }
        JsonNode configSchema = tree.get("config_schema");
        if (configSchema != null && configSchema.isNull()) {
            configSchema = null;
        }
        if (configSchema != null && !configSchema.isObject() && !configSchema.isBoolean()) {
            throw new Refused("config_schema must be a JSON Schema: an object or a boolean");
        }

        String description = optionalText(tree, "description", MAX_DESCRIPTION);
        String version = version(tree);
        String entryPoint = optionalText(tree, "entry_point", 4096);
        String emoji = optionalText(tree, "emoji", MAX_EMOJI);
        String category = optionalText(tree, "category", MAX_CATEGORY);
        String schemaText = configSchema == null ? null : configSchema.toString();
        if (configSchema != null) {
            schemaCheck.check(configSchema, schemaText);
        }
        return new Manifest(file.path(), location, file.agentFolder(), hash, tree.toString(), name, type, description, version,
                scope, schemaText, dependencies, entryPoint, tool, emoji, category, null);
    }

    /** Decodes strictly: a byte sequence that is not UTF-8 is refused, not replaced. A leading BOM is dropped. */
    private static String utf8(byte[] bytes) throws Refused {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(bytes);
        try {
            CharBuffer chars = decoder.decode(input);
            String text = chars.toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (MalformedInputException e) {
            throw new Refused("is not valid UTF-8 (malformed bytes near byte " + input.position() + ")");
        } catch (CharacterCodingException e) {
            throw new Refused("is not valid UTF-8");
        }
    }

    private static void checkType(Location location, String type) throws Refused {
        boolean plugin = type.equalsIgnoreCase("plugin");
        if (location == Location.PLUGIN && !plugin) {
            throw new Refused("has type '" + type + "', but manifests under plugins/ describe plugins (\"type\": \"plugin\")");
        }
        if (location != Location.PLUGIN && plugin) {
            throw new Refused("has type 'plugin': a plugin's manifest belongs under plugins/, naming its tool in \"tool\"");
        }
    }

    private static ModuleScope scope(JsonNode tree, Location location) throws Refused {
        JsonNode node = tree.get("module_scope");
        if (node == null || node.isNull()) {
            return location.defaultScope();
        }
        if (!node.isTextual()) {
            throw new Refused("module_scope must be one of " + Labelled.labels(ModuleScope.class));
        }
        ModuleScope scope;
        try {
            scope = ModuleScope.of(node.asText());
        } catch (IllegalArgumentException e) {
            throw new Refused("module_scope " + e.getMessage());
        }
        if (location == Location.AGENT_MODULE && scope != ModuleScope.AGENT) {
            throw new Refused("has module_scope 'global', but a module in an agent's folder is agent-scoped; a global tool belongs under tools/");
        }
        return scope;
    }

    private static String requiredText(JsonNode tree, String field, int max) throws Refused {
        String value = optionalText(tree, field, max);
        if (value == null || value.isBlank()) {
            throw new Refused("lacks the required field \"" + field + "\"" + (value == null ? "" : " (it is blank)"));
        }
        return value.strip();
    }

    private static String optionalText(JsonNode tree, String field, int max) throws Refused {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new Refused(field + " must be a string");
        }
        String value = node.asText();
        if (value.length() > max) {
            throw new Refused(field + " is longer than " + max + " characters");
        }
        return value;
    }

    /** The version as text: {@code "1.0.0"}, or a bare number such as {@code 2}. */
    private static String version(JsonNode tree) throws Refused {
        JsonNode node = tree.get("version");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() && !node.isNumber()) {
            throw new Refused("version must be a string");
        }
        String version = node.asText();
        if (version.length() > MAX_VERSION) {
            throw new Refused("version is longer than " + MAX_VERSION + " characters");
        }
        return version;
    }

    private static void checkArray(JsonNode tree, String field) throws Refused {
        JsonNode node = tree.get(field);
        if (node != null && !node.isNull() && !node.isArray()) {
            throw new Refused(field + " must be an array");
        }
    }

    /** A list of plugin names; NULL when absent. */
    private static List<String> names(JsonNode tree, String field) throws Refused {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new Refused(field + " must be an array of plugin names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual() || element.asText().isBlank()) {
                throw new Refused(field + " must be an array of plugin names (non-blank strings)");
            }
            if (element.asText().length() > MAX_NAME) {
                throw new Refused(field + " names a plugin longer than " + MAX_NAME + " characters");
            }
            names.add(element.asText().strip());
        }
        return List.copyOf(names);
    }

    /** PostgreSQL stores no NUL character in text or jsonb: refuse it here rather than fail the whole scan. */
    private static void checkNoNul(JsonNode node, String where) throws Refused {
        if (node.isTextual() && node.asText().indexOf('\0') >= 0) {
            throw new Refused("contains a NUL character (\\u0000)" + (where.isEmpty() ? "" : " in " + where)
                    + ", which the registry cannot store");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().indexOf('\0') >= 0) {
                    throw new Refused("contains a NUL character (\\u0000) in a field name, which the registry cannot store");
                }
                checkNoNul(field.getValue(), where.isEmpty() ? field.getKey() : where + "." + field.getKey());
            }
        } else if (node.isArray()) {
            int index = 0;
            for (JsonNode element : node) {
                checkNoNul(element, where + "[" + index++ + "]");
            }
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
