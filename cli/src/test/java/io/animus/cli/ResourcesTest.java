package io.animus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** list, get, create, update and delete over the registry's resources, names for ids, the output formats, and secrets. */
@ExtendWith(Cli.class)
class ResourcesTest {

    private static JsonNode json(Cli.Result result) throws Exception {
        assertEquals(0, result.status(), result::toString);
        return Output.JSON.readTree(result.out());
    }

    @Test
    void agentsFromCreateToDeleteByName(Cli cli) throws Exception {
        cli.loggedIn();
        String name = "cli-agent-" + RunningRegistry.random(6);
        JsonNode created = json(cli.run("agents", "create", "--set", "letta_uid=agent-" + name, "--set", "name=" + name,
                "--set", "config:={\"model\": \"small\"}", "--set", "is_active:=true"));
        String id = created.get("id").asText();
        assertEquals("small", created.at("/config/model").asText());

        JsonNode byName = json(cli.run("agents", "get", name));
        assertEquals(id, byName.get("id").asText());
        JsonNode byId = json(cli.run("agents", "get", id));
        assertEquals(name, byId.get("name").asText());

        JsonNode listed = json(cli.run("agents", "list", "--filter", "name=" + name));
        assertTrue(listed.isArray() && listed.size() == 1 && listed.get(0).get("id").asText().equals(id), listed::toString);

        JsonNode updated = json(cli.run("agents", "update", name, "--set", "description=Reads the calendar", "--set", "status=Degraded"));
        assertEquals("Reads the calendar", updated.get("description").asText());
        assertEquals("Degraded", updated.get("status").asText());
        assertEquals("small", updated.at("/config/model").asText(), "the fields not given stay");

        Cli.Result unasked = cli.run("agents", "delete", name);
        assertEquals(Exit.USAGE, unasked.status(), "no terminal and no --yes: " + unasked);
        assertTrue(unasked.err().contains("--yes"), unasked::toString);
        Cli.Result deleted = cli.run("agents", "delete", name, "--yes");
        assertEquals(0, deleted.status(), deleted::toString);
        Cli.Result gone = cli.run("agents", "get", id);
        assertEquals(Exit.ERROR, gone.status(), "a 404 is 1: " + gone);
        assertEquals(Exit.ERROR, cli.run("agents", "get", name).status(), "an unknown name is 1");
    }

    @Test
    void toolsFromAFileAndTheirFieldErrors(Cli cli, @TempDir Path folder) throws Exception {
        cli.loggedIn();
        String name = "cli-tool-" + RunningRegistry.random(6);
        Path file = Files.writeString(folder.resolve("tool.json"), "{\"name\": \"" + name + "\", \"category\": \"calendar\","
                + " \"config_schema\": {\"type\": \"object\", \"properties\": {\"hosts\": {\"type\": \"array\"}}}}");
        JsonNode created = json(cli.run("tools", "create", "-f", file.toString(), "--set", "description=From a file"));
        assertEquals("From a file", created.get("description").asText());
        assertEquals("calendar", json(cli.run("tools", "get", name)).get("category").asText());

        Cli.Result duplicate = cli.run("tools", "create", "-f", file.toString());
        assertEquals(Exit.ERROR, duplicate.status(), "a 409 is 1: " + duplicate);

        Cli.Result invalid = cli.run("tools", "update", name, "--set", "config_schema:={\"type\": 12}");
        assertEquals(Exit.USAGE, invalid.status(), "a 422 is 2: " + invalid);
        assertTrue(invalid.err().lines().anyMatch(line -> line.startsWith("  config_schema")), "each field's message: " + invalid);
        assertTrue(invalid.err().startsWith("animus: Unprocessable Content"), "the problem's title first: " + invalid);

        Cli.Result unknownField = cli.run("tools", "create", "--set", "name=x-" + name, "--set", "colour=blue");
        assertEquals(Exit.USAGE, unknownField.status(), unknownField::toString);
        assertTrue(unknownField.err().contains("colour"), unknownField::toString);

        Path broken = Files.writeString(folder.resolve("broken.json"), "{\"name\": ");
        Cli.Result badFile = cli.run("tools", "create", "-f", broken.toString());
        assertEquals(Exit.USAGE, badFile.status(), badFile::toString);
        assertTrue(badFile.err().contains("is not JSON"), badFile::toString);
        assertEquals(Exit.USAGE, cli.run("tools", "create", "-f", folder.resolve("absent.json").toString()).status());
        assertEquals(Exit.USAGE, cli.run("tools", "update", name).status(), "nothing to change");

        assertEquals(0, cli.run("tools", "delete", name, "--yes").status());
        assertEquals(Exit.ERROR, cli.run("tools", "get", name).status());
    }

    @Test
    void pluginsAndInstancesLiveUnderTheirToolByName(Cli cli) throws Exception {
        cli.loggedIn();
        String tool = "cli-host-" + RunningRegistry.random(6);
        json(cli.run("tools", "create", "--set", "name=" + tool));
        String agent = "cli-owner-" + RunningRegistry.random(6);
        json(cli.run("agents", "create", "--set", "letta_uid=" + agent, "--set", "name=" + agent));

        JsonNode plugin = json(cli.run("plugins", "--tool", tool, "create", "--set", "name=reader"));
        assertEquals("reader", json(cli.run("plugins", "get", "reader", "--tool", tool)).get("name").asText());
        assertEquals(plugin.get("id").asText(), json(cli.run("plugins", "list", "--tool", tool)).get(0).get("id").asText());
        assertEquals(Exit.USAGE, cli.run("plugins", "list").status(), "plugins need --tool");

        JsonNode instance = json(cli.run("tool-instances", "create", "--tool", tool, "--agent", agent, "--set", "name=inbox"));
        assertEquals(json(cli.run("agents", "get", agent)).get("id").asInt(), instance.get("agent_id").asInt());
        assertEquals(1, json(cli.run("tool-instances", "list", "--agent", agent)).size());
        assertEquals(instance.get("id").asText(), json(cli.run("tool-instances", "get", "inbox")).get("id").asText());

        Cli.Result refused = cli.run("tools", "delete", tool, "--yes");
        assertEquals(Exit.ERROR, refused.status(), "a tool with plugins and instances is a 409: " + refused);
        assertEquals(0, cli.run("tools", "delete", tool, "--yes", "--cascade").status());
        assertEquals(0, cli.run("agents", "delete", agent, "--yes").status());
    }

    @Test
    void outputIsJsonWhenPipedAndTableOrYamlOnRequest(Cli cli) throws Exception {
        cli.loggedIn();
        String name = "cli-format-" + RunningRegistry.random(6);
        json(cli.run("tools", "create", "--set", "name=" + name, "--set", "category=formats"));

        JsonNode piped = json(cli.run("tools", "list", "--filter", "category=formats"));
        assertEquals(name, piped.get(0).get("name").asText());

        Cli.Result table = cli.run("tools", "list", "--filter", "category=formats", "--output", "table");
        assertEquals(0, table.status(), table::toString);
        String[] lines = table.out().split("\n");
        assertTrue(lines[0].startsWith("ID") && lines[0].contains("NAME") && lines[0].contains("CATEGORY"), table::toString);
        assertTrue(lines[1].contains(name) && lines[1].contains("formats"), table::toString);

        Cli.Result yaml = cli.run("tools", "get", name, "-o", "yaml");
        assertEquals(0, yaml.status(), yaml::toString);
        assertTrue(yaml.out().lines().anyMatch(line -> line.equals("name: " + name)), yaml::toString);
        assertFalse(yaml.out().trim().startsWith("{"), yaml::toString);

        Cli.Result pairs = cli.run("tools", "get", name, "-o", "table");
        assertTrue(pairs.out().lines().anyMatch(line -> line.matches("name +" + name)), pairs::toString);
    }

    @Test
    void aSecretComesFromStandardInputNeverFromAnArgument(Cli cli) throws Exception {
        cli.loggedIn();
        String var = "CLI_TOKEN_" + RunningRegistry.random(6).toUpperCase();
        Cli.Result argument = cli.run("env-vars", "create", "--set", "var_name=" + var, "--set", "var_value=s3cret-value",
                "--set", "is_encrypted:=true");
        assertEquals(Exit.USAGE, argument.status(), argument::toString);
        assertTrue(argument.err().contains("--secret"), argument::toString);
        assertEquals(0, json(cli.run("env-vars", "list", "--filter", "var_name=" + var)).size(), "nothing was written");

        JsonNode created = json(cli.stdin("s3cret-value\n").run("env-vars", "create", "--set", "var_name=" + var, "--secret"));
        assertTrue(created.get("is_encrypted").asBoolean(), created::toString);
        assertFalse(created.toString().contains("s3cret-value"), "shown masked: " + created);

        Cli.Result stays = cli.run("env-vars", "update", var, "--set", "var_value=other-value");
        assertEquals(Exit.USAGE, stays.status(), "a value that stays encrypted is a secret too: " + stays);
        assertEquals(0, cli.stdin("other-value").run("env-vars", "update", var, "--secret").status());

        Cli.Result password = cli.run("users", "create", "--set", "username=cli-" + RunningRegistry.random(5).toLowerCase(),
                "--set", "email=cli@example.org", "--set", "role=viewer", "--set", "password=Another long passphrase 7");
        assertEquals(Exit.USAGE, password.status(), password::toString);
        String user = "cli-" + RunningRegistry.random(5).toLowerCase();
        JsonNode viewer = json(cli.stdin("Another long passphrase 7").run("users", "create", "--set", "username=" + user,
                "--set", "email=" + user + "@example.org", "--set", "role=viewer", "--secret"));
        assertEquals("viewer", viewer.get("role").asText());
        assertEquals(viewer.get("id").asText(), json(cli.run("users", "get", user)).get("id").asText());
    }

    @Test
    void theEffectiveConfigurationNamesEachLayerAndMasksSecrets(Cli cli) throws Exception {
        cli.loggedIn();
        String agent = "cli-effective-" + RunningRegistry.random(6);
        json(cli.run("agents", "create", "--set", "letta_uid=" + agent, "--set", "name=" + agent));
        String key = "cli.effective." + RunningRegistry.random(6).toLowerCase();
        json(cli.run("system-config", "create", "--set", "config_key=" + key, "--set", "config_value=system"));
        json(cli.run("agent-configs", "create", "--agent", agent, "--set", "config_key=" + key, "--set", "config_value=agent"));
        json(cli.stdin("hidden-value").run("agent-configs", "create", "--agent", agent, "--set", "config_key=" + key + ".secret", "--secret"));

        JsonNode effective = json(cli.run("config", "effective", "--agent", agent));
        JsonNode own = setting(effective, key);
        assertEquals("agent", own.get("value").asText());
        assertEquals("agent", own.get("layer").asText(), own::toString);
        assertEquals("system", own.at("/overrides/0/layer").asText(), own::toString);
        assertEquals("********", setting(effective, key + ".secret").get("value").asText());

        JsonNode revealed = json(cli.run("config", "effective", "--agent", agent, "--reveal"));
        assertEquals("hidden-value", setting(revealed, key + ".secret").get("value").asText());

        Cli.Result table = cli.run("config", "effective", "--agent", agent, "-o", "table");
        assertTrue(table.out().lines().anyMatch(line -> line.startsWith(key + " ") && line.contains("agent")), table::toString);

        assertEquals(Exit.USAGE, cli.run("config", "effective").status(), "whose configuration");
        assertEquals(Exit.ERROR, cli.run("config", "effective", "--agent", "no-such-agent-" + agent).status());
        assertEquals(0, cli.run("system-config", "delete", key, "--yes").status());
    }

    private static JsonNode setting(JsonNode effective, String key) {
        for (JsonNode setting : effective.path("settings")) {
            if (setting.path("key").asText().equals(key)) {
                return setting;
            }
        }
        throw new AssertionError("no setting " + key + " in " + effective);
    }
}
