package io.animus.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The agent folders of an Animus home, in both layouts the installer documents: {@code agent-<uid>/} at
 * the home's top ({@code .env} and {@code settings.json} beside the Broca clone), and
 * {@code agents/agent-<uid>/} with a folder per module whose settings lie in {@code <module>/config/}.
 * Each folder's settings become that agent's settings: {@code .env} keys as they are, {@code settings.json}
 * flattened to dotted keys, a module's keys under {@code <module>.}; keys that look secret are marked so.
 */
final class AgentHome {

    /** One setting read from a file: its key, value as text, declared type and whether it is a secret. */
    record Setting(String key, String value, String type, boolean secret, String source) {
    }

    /** An agent folder and its settings, in the order read. */
    record AgentFolder(String lettaUid, Path folder, Map<String, Setting> settings) {
    }

    /** The words that make a key a secret, as parts of it (API_KEY, telegramApiHash, db.password). */
    static final Set<String> SECRET_WORDS = Set.of("KEY", "KEYS", "TOKEN", "TOKENS", "SECRET", "SECRETS", "PASSWORD", "PASSWORDS",
            "PASS", "PASSWD", "PASSPHRASE", "HASH", "CREDENTIAL", "CREDENTIALS", "APIKEY");

    private AgentHome() {
    }

    /** The agent folders of the home, in both layouts. */
    static List<AgentFolder> read(Path home, List<String> problems) {
        if (!Files.isDirectory(home)) {
            throw new Failure(Exit.USAGE, home + " is not a folder: give the Animus home (e.g. ~/animus)");
        }
        List<AgentFolder> agents = new ArrayList<>();
        for (Path parent : List.of(home, home.resolve("agents"))) {
            for (Path folder : folders(parent)) {
                String name = folder.getFileName().toString();
                if (!name.startsWith("agent-") || name.length() == "agent-".length()) {
                    continue;
                }
                Map<String, Setting> settings = new LinkedHashMap<>();
                readFiles(folder, "", settings, problems);
                for (Path module : folders(folder)) {
                    Path config = module.resolve("config");
                    if (Files.isDirectory(config)) {
                        readFiles(config, module.getFileName() + ".", settings, problems);
                    }
                }
                agents.add(new AgentFolder(name.substring("agent-".length()), folder, settings));
            }
        }
        return agents;
    }

    private static void readFiles(Path folder, String prefix, Map<String, Setting> settings, List<String> problems) {
        Path env = folder.resolve(".env");
        if (Files.isRegularFile(env)) {
            dotenv(text(env), prefix, env, settings, problems);
        }
        Path json = folder.resolve("settings.json");
        if (Files.isRegularFile(json)) {
            try {
                flatten(Output.JSON.readTree(text(json)), prefix, json, settings);
            } catch (JsonProcessingException e) {
                problems.add("! " + json + ": not valid JSON (" + e.getOriginalMessage() + "); skipped");
            }
        }
    }

    /** KEY=VALUE lines; {@code export}, blank lines and comments allowed; quotes taken off. */
    static void dotenv(String text, String prefix, Path source, Map<String, Setting> settings, List<String> problems) {
        int number = 0;
        for (String line : text.split("\\R")) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("export ")) {
                trimmed = trimmed.substring("export ".length()).strip();
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                problems.add("! " + source + " line " + number + ": not KEY=VALUE; skipped");
                continue;
            }
            String key = trimmed.substring(0, equals).strip();
            String value = trimmed.substring(equals + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            } else {
                int comment = value.indexOf(" #");
                if (comment >= 0) {
                    value = value.substring(0, comment).strip();
                }
            }
            put(settings, new Setting(prefix + key, value, "string", isSecret(key), source.toString()));
        }
    }

    /** Nested objects as dotted keys; a scalar keeps its type, a list (or an empty object) is a JSON value. */
    static void flatten(JsonNode node, String prefix, Path source, Map<String, Setting> settings) {
        if (node.isObject() && node.size() > 0) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(field.getValue(), prefix + field.getKey() + (field.getValue().isObject() && field.getValue().size() > 0 ? "." : ""),
                        source, settings);
            }
            return;
        }
        String key = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String type = node.isTextual() ? "string" : node.isNumber() ? "number" : node.isBoolean() ? "boolean" : node.isNull() ? "string" : "json";
        String value = node.isNull() ? null : node.isTextual() ? node.textValue() : node.toString();
        put(settings, new Setting(key, value, type, isSecret(key), source.toString()));
    }

    private static void put(Map<String, Setting> settings, Setting setting) {
        settings.put(setting.key(), setting);
    }

    /** Whether a part of the key (split at anything but letters and digits, and between camel-case words) is a secret word. */
    static boolean isSecret(String key) {
        for (String part : key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").split("[^A-Za-z0-9]+")) {
            if (SECRET_WORDS.contains(part.toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> folders(Path parent) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new Failure(Exit.USAGE, "cannot list " + parent + ": " + e.getMessage());
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Failure(Exit.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
