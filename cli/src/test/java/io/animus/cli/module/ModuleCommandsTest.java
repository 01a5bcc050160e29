package io.animus.cli.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.animus.cli.Cli;
import io.animus.cli.Exit;
import io.animus.cli.Output;
import io.animus.cli.RunningRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code animus export} of a module's configuration with its key, {@code animus validate --offline} of
 * manifests, and the refusals of {@code animus run} that come before any child is started.
 */
@ExtendWith(Cli.class)
class ModuleCommandsTest {

    @Test
    void exportPrintsTheModulesConfigurationAsDotenvOrJson(Cli cli, @TempDir Path folder) throws Exception {
        TestModule module = new TestModule(cli, "it's \"$HOME\"");
        Cli.Result dotenv = cli.env("ANIMUS_MODULE_KEY", module.key).run("export");
        assertEquals(0, dotenv.status(), dotenv::toString);
        assertTrue(dotenv.out().contains("GREETING=\"it's \\\"\\$HOME\\\"\"\n"), dotenv::toString);
        assertTrue(dotenv.out().contains("API_TOKEN=\"" + module.secret + "\"\n"), "the secret, decrypted: " + dotenv);

        Path keyFile = Files.writeString(folder.resolve("key"), module.key + "\n");
        Cli.Result json = cli.env("ANIMUS_MODULE_KEY", null).run("export", "--format", "json", "--key-file", keyFile.toString());
        assertEquals(0, json.status(), json::toString);
        JsonNode variables = Output.JSON.readTree(json.out());
        assertEquals("it's \"$HOME\"", variables.get("GREETING").asText());
        assertEquals(module.secret, variables.get("API_TOKEN").asText());

        Cli.Result noKey = cli.run("export");
        assertEquals(Exit.USAGE, noKey.status(), noKey::toString);
        assertTrue(noKey.err().contains("ANIMUS_MODULE_KEY"), noKey::toString);

        Cli.Result missingFile = cli.run("export", "--key-file", folder.resolve("absent").toString());
        assertEquals(Exit.USAGE, missingFile.status(), missingFile::toString);

        module.revoke();
        Cli.Result revoked = cli.env("ANIMUS_MODULE_KEY", module.key).run("export");
        assertEquals(Exit.REFUSED, revoked.status(), revoked::toString);
        assertFalse(revoked.err().contains(module.key), "the key is not shown: " + revoked);

        Cli.Result badFormat = cli.run("export", "--format", "xml");
        assertEquals(Exit.USAGE, badFormat.status(), badFormat::toString);
    }

    @Test
    void runRefusesBeforeStartingAnythingWhenItCannotGoOn(Cli cli, @TempDir Path folder) throws Exception {
        Path marker = folder.resolve("started");
        String[] child = { "--", "/bin/sh", "-c", "touch " + marker };

        Cli.Result noCommand = cli.env("ANIMUS_MODULE_KEY", "some-key").run("run");
        assertEquals(Exit.USAGE, noCommand.status(), noCommand::toString);

        Cli.Result badAction = cli.run(concat(new String[] { "run", "--on-change", "reload" }, child));
        assertEquals(Exit.USAGE, badAction.status(), badAction::toString);
        assertTrue(badAction.err().contains("restart, none or signal:NAME"), badAction::toString);
        assertEquals(Exit.USAGE, cli.run(concat(new String[] { "run", "--on-change", "signal:NOPE" }, child)).status());

        Cli.Result noKey = cli.env("ANIMUS_MODULE_KEY", null).run(concat(new String[] { "run" }, child));
        assertEquals(Exit.USAGE, noKey.status(), noKey::toString);

        Cli.Result wrongKey = cli.env("ANIMUS_MODULE_KEY", "not-a-key-" + RunningRegistry.random(20)).run(concat(new String[] { "run" }, child));
        assertEquals(Exit.REFUSED, wrongKey.status(), wrongKey::toString);

        cli.env("ANIMUS_REGISTRY_URL", "http://127.0.0.1:9").env("XDG_CACHE_HOME", folder.resolve("cache").toString());
        Cli.Result unreachable = cli.run(concat(new String[] { "run" }, child));
        assertEquals(Exit.UNREACHABLE, unreachable.status(), unreachable::toString);
        assertTrue(unreachable.err().contains("--fallback"), "says what would help: " + unreachable);
        Cli.Result noFallback = cli.run(concat(new String[] { "run", "--fallback" }, child));
        assertEquals(Exit.UNREACHABLE, noFallback.status(), noFallback::toString);
        assertTrue(noFallback.err().contains("no fallback configuration is kept"), noFallback::toString);
        assertEquals(1, noFallback.err().lines().count(), "one line: " + noFallback);
        assertFalse(Files.exists(marker), "nothing was started");
    }

    @Test
    void anOfflineValidationChecksAManifestsRequiredFieldsAndTypes(Cli cli, @TempDir Path home) throws Exception {
        Path weather = Files.createDirectories(home.resolve("tools/weather")).resolve("manifest.json");
        Files.writeString(weather, """
                // comments and trailing commas, as discovery reads them
                {"name": "weather", "type": "tool", "version": "1.0.0", "module_scope": "global",
                 "config_schema": {"type": "object"}, "dependencies": [],}
                """);
        Cli.Result valid = cli.run("validate", "-o", "table", "--offline", weather.toString());
        assertEquals(0, valid.status(), valid::toString);
        assertTrue(valid.out().contains("is valid as tools/weather/manifest.json"), valid::toString);

        Path minimal = Files.writeString(home.resolve("manifest.json"), "{\"name\": \"m\", \"type\": \"tool\"}");
        assertEquals(0, cli.run("validate", "-o", "table", "--offline", minimal.toString()).status(), "the seed's two required fields are enough");

        Path broken = Files.writeString(home.resolve("broken.json"), """
                {"name": 12, "version": {"major": 1}, "module_scope": "everywhere", "config_schema": "yes",
                 "dependencies": "other", "description": false}
                """);
        Cli.Result invalid = cli.run("validate", "-o", "table", "--offline", "--as", "tools/broken/manifest.json", broken.toString());
        assertEquals(Exit.USAGE, invalid.status(), invalid::toString);
        for (String expected : new String[] { "type: is required", "name: must be a string", "version: must be a string",
                "module_scope: must be one of [global, agent]", "config_schema: must be a JSON Schema", "dependencies: must be an array",
                "description: must be a string" }) {
            assertTrue(invalid.out().contains(expected), expected + " in " + invalid);
        }
        Cli.Result asJson = cli.run("validate", "--offline", "--as", "tools/broken/manifest.json", "-o", "json", broken.toString());
        JsonNode answer = Output.JSON.readTree(asJson.out());
        assertFalse(answer.get("valid").asBoolean());
        assertEquals(7, answer.get("problems").size(), asJson::toString);

        Path plugin = Files.createDirectories(home.resolve("plugins/reader")).resolve("manifest.json");
        Files.writeString(plugin, "{\"name\": \"reader\", \"type\": \"tool\"}");
        Cli.Result notAPlugin = cli.run("validate", "-o", "table", "--offline", plugin.toString());
        assertEquals(Exit.USAGE, notAPlugin.status(), notAPlugin::toString);
        assertTrue(notAPlugin.out().contains("type: is 'tool', but manifests under plugins/ describe plugins"), notAPlugin::toString);
        assertTrue(notAPlugin.out().contains("tool: is required"), notAPlugin::toString);
        Files.writeString(plugin, "{\"name\": \"reader\", \"type\": \"plugin\", \"tool\": \"mail\", \"dependencies\": [\"parser\"]}");
        assertEquals(0, cli.run("validate", "-o", "table", "--offline", plugin.toString()).status());

        Path agentModule = Files.createDirectories(home.resolve("agents/athena/tools/notes")).resolve("manifest.json");
        Files.writeString(agentModule, "{\"name\": \"notes\", \"type\": \"tool\", \"module_scope\": \"global\"}");
        Cli.Result global = cli.run("validate", "-o", "table", "--offline", agentModule.toString());
        assertEquals(Exit.USAGE, global.status(), global::toString);
        Files.writeString(agentModule, "{\"name\": \"notes\", \"type\": \"tool\", \"module_scope\": \"agent\"}");
        assertEquals(0, cli.run("validate", "-o", "table", "--offline", agentModule.toString()).status());

        Path notJson = Files.writeString(home.resolve("bad.json"), "{\"name\": \"x\",, }");
        Cli.Result unparsable = cli.run("validate", "-o", "table", "--offline", "--as", "tools/x/manifest.json", notJson.toString());
        assertEquals(Exit.USAGE, unparsable.status(), unparsable::toString);
        assertTrue(unparsable.out().contains("is not valid JSON at line 1"), unparsable::toString);
        Path duplicate = Files.writeString(home.resolve("dup.json"), "{\"name\": \"x\", \"type\": \"tool\", \"name\": \"y\"}");
        assertEquals(Exit.USAGE, cli.run("validate", "-o", "table", "--offline", "--as", "tools/x/manifest.json", duplicate.toString()).status());

        assertEquals(Exit.USAGE, cli.run("validate", "-o", "table", "--offline", home.resolve("absent.json").toString()).status(), "an absent file");
        Cli.Result describe = cli.run("validate", "-o", "table", "--offline", "--as", "plugins/weather/cli.py", minimal.toString());
        assertEquals(Exit.USAGE, describe.status(), "--describe output is checked online only: " + describe);
        Cli.Result nowhere = cli.loggedIn().run("validate", broken.toString());
        assertEquals(Exit.USAGE, nowhere.status(), "online, the place must be known: " + nowhere);
        assertTrue(nowhere.err().contains("--as"), nowhere::toString);
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
