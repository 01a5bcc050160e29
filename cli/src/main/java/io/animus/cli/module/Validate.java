package io.animus.cli.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.animus.cli.Animus;
import io.animus.cli.Exit;
import io.animus.cli.Failure;
import io.animus.cli.Output;
import io.animus.cli.Registry;
import io.animus.cli.Terminal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code animus validate FILE}: a module's {@code manifest.json}, or a plugin's {@code --describe}
 * output, checked by the registry's dry run ({@code POST /api/v1/discovery/validate}, which writes
 * nothing) as if it lay at {@code --as PATH} in the Animus home; with {@code --offline}, a manifest's
 * required fields and types checked here, without a registry.
 */
@Command(name = "validate", description = { "Check a manifest.json, or a plugin's --describe output, before it is installed.",
        "Online (an administrator's session): the registry's dry run, which says what discovery would register.",
        "Offline (--offline): a manifest's required fields and types, checked here." },
        footer = { "", "Exit status: 0 valid, 2 not valid (or a file that cannot be read), 3 credentials refused, 4 registry unreachable." })
public class Validate implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A manifest.json, or a file holding a plugin's --describe output.")
    Path file;

    @Option(names = "--as", paramLabel = "PATH", description = { "Where the file would lie, relative to the Animus home:",
            "tools/NAME/manifest.json, plugins/NAME/manifest.json, agents/AGENT/tools/NAME/manifest.json, or",
            "plugins/NAME/cli.py for --describe output (default: read from FILE's own path)." })
    String as;

    @Option(names = "--offline", description = "Check a manifest here, without the registry.")
    boolean offline;

    @Override
    public Integer call() {
        Animus animus = Animus.of(spec);
        String content = read(file);
        String path = as != null ? as.strip() : ManifestCheck.homePath(file.toAbsolutePath().normalize().toString());
        ObjectNode answer;
        if (offline) {
            if (path != null ? !path.endsWith("manifest.json") : !file.getFileName().toString().equals("manifest.json")) {
                throw new Failure(Exit.USAGE, "--offline checks manifests (manifest.json) only: check a plugin's --describe output"
                        + " against the registry, without --offline");
            }
            answer = Output.JSON.createObjectNode();
            List<ManifestCheck.Problem> problems = ManifestCheck.check(content, path);
            answer.put("valid", problems.isEmpty());
            ArrayNode listed = answer.putArray("problems");
            problems.forEach(problem -> listed.addObject().put("path", problem.path()).put("reason", problem.reason()));
        } else {
            if (path == null) {
                throw new Failure(Exit.USAGE, "cannot tell where " + file + " would lie in the Animus home: give --as, e.g. --as tools/NAME/manifest.json"
                        + " or --as plugins/NAME/cli.py");
            }
            ObjectNode request = Output.JSON.createObjectNode().put("path", path).put("content", content);
            JsonNode body = Registry.connect(spec).call("POST", "discovery/validate", request, "application/json", null).body();
            if (body == null || !body.path("valid").isBoolean()) {
                throw new Failure(Exit.ERROR, "the registry's answer is not a validation result: is it a registry with the dry run (POST /api/v1/discovery/validate)?");
            }
            answer = (ObjectNode) body;
        }
        boolean valid = answer.path("valid").asBoolean();
        Output.Format format = animus.format();
        if (format == Output.Format.table) {
            print(animus.terminal(), answer, valid, path);
        } else {
            Output.print(animus.terminal().out(), format, answer);
        }
        return valid ? Exit.OK : Exit.USAGE;
    }

    private void print(Terminal terminal, JsonNode answer, boolean valid, String path) {
        String where = path == null ? "" : " as " + path;
        StringBuilder text = new StringBuilder();
        text.append(file).append(valid ? " is valid" : " is not valid").append(where).append(offline ? " (offline check)" : "").append('\n');
        for (JsonNode problem : answer.path("problems")) {
            String at = problem.path("path").asText("");
            text.append("  ").append(at.isEmpty() ? "" : at + ": ").append(problem.path("reason").asText()).append('\n');
        }
        for (JsonNode registered : answer.path("would_register")) {
            text.append("  would register ").append(registered.path("kind").asText("?")).append(' ').append(registered.path("name").asText("?")).append('\n');
        }
        terminal.out().print(text);
        terminal.out().flush();
    }

    private static String read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Failure(Exit.USAGE, "cannot read " + file + " (" + e.getClass().getSimpleName() + "): give a readable file");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Failure(Exit.USAGE, file + " is not UTF-8 text: save it as UTF-8");
        }
    }
}
