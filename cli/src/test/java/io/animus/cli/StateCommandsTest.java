package io.animus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** animus state export, plan and apply: a file's plan as a readable diff, the confirmation, secrets resolved here, the round trip. */
@ExtendWith(Cli.class)
class StateCommandsTest {

    private static Cli.Result ok(Cli.Result result) {
        assertEquals(0, result.status(), result::toString);
        return result;
    }

    private static JsonNode agent(JsonNode document, String uid) {
        for (JsonNode agent : document.path("agents")) {
            if (uid.equals(agent.path("letta_uid").asText())) {
                return agent;
            }
        }
        return null;
    }

    @Test
    void aFileIsPlannedConfirmedAppliedAndExportedBackAsTheSameDocument(Cli cli, @TempDir Path folder) throws Exception {
        cli.loggedIn();
        String tag = "st-" + RunningRegistry.random(6).toLowerCase();
        Files.writeString(folder.resolve("token.txt"), "file-secret\n");
        Path file = Files.writeString(folder.resolve("registry.yaml"), """
                version: 1
                agents:
                  - letta_uid: %1$s-uid
                    name: %1$s-athena
                    description: Configuration assistant
                    config: {model: gpt, retries: 3}
                    visible_to_roles: [user]
                    settings:
                      - {key: PORT, value: "8080", type: number}
                      - {key: API_KEY, value: {secret: {env: STATE_TEST_KEY}}}
                tools:
                  - name: %1$s-weather
                    plugins:
                      - {name: radar}
                      - {name: forecast, dependencies: [radar]}
                env_vars:
                  - {name: %2$s_TOKEN, value: {secret: {file: token.txt}}}
                """.formatted(tag, tag.toUpperCase().replace('-', '_')));

        Cli.Result missing = cli.run("state", "plan", "-f", file.toString());
        assertEquals(Exit.USAGE, missing.status(), missing::toString);
        assertTrue(missing.err().contains("STATE_TEST_KEY"), missing::toString);

        cli.env("STATE_TEST_KEY", "sk-from-env");
        Cli.Result plan = ok(cli.run("state", "plan", "-f", file.toString()));
        assertTrue(plan.out().contains("+ agent " + tag + "-uid"), plan::toString);
        assertTrue(plan.out().contains("+ plugin [\"" + tag + "-weather\",\"forecast\"]"), plan::toString);
        assertTrue(plan.out().contains("value: (secret, new)"), plan::toString);
        assertFalse(plan.out().contains("sk-from-env") || plan.out().contains("file-secret"), "no secret printed: " + plan);
        assertTrue(plan.out().contains("Plan: 7 to create, 0 to change, 0 to delete"), plan::toString);

        Cli.Result unasked = cli.run("state", "apply", "-f", file.toString());
        assertEquals(Exit.USAGE, unasked.status(), "no terminal and no --yes: " + unasked);
        assertTrue(unasked.err().contains("--yes"), unasked::toString);
        assertEquals(null, agent(Output.JSON.readTree(ok(cli.run("state", "export", "-o", "json")).out()), tag + "-uid"), "nothing applied");

        Cli.Result applied = ok(cli.run("state", "apply", "-f", file.toString(), "--yes"));
        assertTrue(applied.out().contains("Applied: 7 created"), applied::toString);
        ok(cli.run("state", "apply", "-f", file.toString(), "--yes"));

        Path exported = folder.resolve("exported.yaml");
        ok(cli.run("state", "export", "-f", exported.toString()));
        String text = Files.readString(exported);
        assertFalse(text.contains("sk-from-env") || text.contains("file-secret") || text.contains("$2a$"), text);
        Cli.Result again = ok(cli.run("state", "plan", "-f", exported.toString()));
        assertTrue(again.out().contains("Plan: 0 to create, 0 to change, 0 to delete"), again::toString);
        Cli.Result nothing = ok(cli.run("state", "apply", "-f", exported.toString(), "--yes", "--prune"));
        assertTrue(nothing.out().contains("Nothing to apply."), nothing::toString);

        // the export applied on an empty registry (its secrets given again) exports as the same document
        ObjectNode document = (ObjectNode) StateDocument.YAML.readTree(text);
        ObjectNode withSecrets = document.deepCopy();
        replaceKeptSecrets(withSecrets);
        Path portable = Files.writeString(folder.resolve("portable.yaml"), StateDocument.yaml(withSecrets));
        RunningRegistry empty = RunningRegistry.startEmpty();
        try {
            Cli other = Cli.of(empty).loggedIn().env("MOVED_SECRET", "moved");
            ok(other.run("state", "apply", "-f", portable.toString(), "--yes", "--prune"));
            JsonNode moved = StateDocument.YAML.readTree(ok(other.run("state", "export")).out());
            assertEquals(document, moved);
        } finally {
            empty.close();
        }
    }

    @Test
    void aPruneOnlyDeletesWhatTheFileLeavesOutWhenAsked(Cli cli, @TempDir Path folder) throws Exception {
        cli.loggedIn();
        String tag = "pr-" + RunningRegistry.random(6).toLowerCase();
        ok(cli.run("agents", "create", "--set", "letta_uid=" + tag + "-gone", "--set", "name=" + tag + "-gone"));
        Path exported = folder.resolve("all.yaml");
        ok(cli.run("state", "export", "-f", exported.toString()));
        ObjectNode document = (ObjectNode) StateDocument.YAML.readTree(Files.readString(exported));
        ArrayNode agents = (ArrayNode) document.get("agents");
        for (int i = agents.size() - 1; i >= 0; i--) {
            if (agents.get(i).path("letta_uid").asText().equals(tag + "-gone")) {
                agents.remove(i);
            }
        }
        Path without = Files.writeString(folder.resolve("without.yaml"), StateDocument.yaml(document));
        Cli.Result kept = ok(cli.run("state", "plan", "-f", without.toString()));
        assertTrue(kept.out().contains("Plan: 0 to create, 0 to change, 0 to delete"), kept::toString);
        Cli.Result pruned = ok(cli.run("state", "apply", "-f", without.toString(), "--prune", "--yes"));
        assertTrue(pruned.out().contains("- agent " + tag + "-gone"), pruned::toString);
        assertEquals(Exit.ERROR, cli.run("agents", "get", tag + "-gone").status());
    }

    /** Every {secret: keep} of the document as {secret: {env: MOVED_SECRET}}: the secrets a new registry is given. */
    private static void replaceKeptSecrets(JsonNode node) {
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            java.util.List<String> fields = new java.util.ArrayList<>();
            names.forEachRemaining(fields::add);
            for (String field : fields) {
                JsonNode value = node.get(field);
                if (value.isObject() && "keep".equals(value.path("secret").asText(null))) {
                    ObjectNode secret = ((ObjectNode) node).putObject(field).putObject("secret");
                    secret.put("env", "MOVED_SECRET");
                } else {
                    replaceKeptSecrets(value);
                }
            }
        } else if (node.isArray()) {
            node.forEach(StateCommandsTest::replaceKeptSecrets);
        }
    }
}
