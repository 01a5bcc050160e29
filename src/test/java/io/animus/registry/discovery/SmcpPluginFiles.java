package io.animus.registry.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * SMCP plugins the suite writes itself: folders with a {@code cli.py} that a real {@code python3} runs.
 * Each plugin appends a line to {@code runs.log} in its working directory whenever it is run, so that a
 * test can tell whether it was run and where.
 */
public final class SmcpPluginFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SmcpPluginFiles() {
    }

    /** A plugin that prints {@code output} as its --describe. */
    public static Path printing(Path folder, String output) {
        return script(folder, "sys.stdout.write(" + pythonString(output) + ")\n");
    }

    /** A plugin whose --describe runs {@code body} (Python, at the top level, with {@code sys}, {@code os}, {@code json} imported). */
    public static Path script(Path folder, String body) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("cli.py"), "import sys, os, json, time, subprocess\n"
                    + "if '--describe' not in sys.argv:\n    sys.exit(2)\n"
                    + "with open('runs.log', 'a') as log:\n    log.write('run\\n')\n" + body);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A describe output of {@code commands} (names), version {@code version}. */
    public static String describe(String version, String... commands) {
        StringBuilder text = new StringBuilder("{\"contract_version\": \"1.0\", \"plugin\": {\"name\": \"whatever\", \"version\": \"" + version
                + "\", \"description\": \"a test plugin\"}, \"commands\": [");
        for (int i = 0; i < commands.length; i++) {
            text.append(i == 0 ? "" : ", ").append("{\"name\": \"").append(commands[i]).append("\", \"description\": \"does ")
                    .append(commands[i]).append("\", \"parameters\": [{\"name\": \"city\", \"type\": \"string\", \"required\": true},"
                            + " {\"name\": \"days\", \"type\": \"integer\", \"default\": 3}]}");
        }
        return text.append("]}").toString();
    }

    /** How many times the plugin in {@code folder} was run. */
    public static int runs(Path folder) {
        try {
            Path log = folder.resolve("runs.log");
            return Files.exists(log) ? Files.readAllLines(log).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON string literal, which Python reads as the same string. */
    static String pythonString(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
