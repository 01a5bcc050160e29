package io.animus.cli.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.animus.cli.Cli;
import io.animus.cli.Exit;
import io.animus.cli.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code animus validate} online: the registry's dry run of one file ({@code POST /api/v1/discovery/validate})
 * decides, the command prints its verdict and what discovery would register, and nothing is written.
 */
@ExtendWith(Cli.class)
class ValidateOnlineTest {

    private static final String DESCRIBE = """
            {"plugin": {"name": "weather", "version": "2.1.0"},
             "commands": [{"name": "forecast", "description": "The forecast",
                           "parameters": [{"name": "city", "type": "string", "required": true}]}]}
            """;

    @Test
    void theRegistrysDryRunSaysWhetherAManifestIsValidAndWhatItWouldRegister(Cli cli, @TempDir Path home) throws Exception {
        String tool = "cv-weather-" + System.nanoTime();
        Path manifest = Files.createDirectories(home.resolve("tools/weather")).resolve("manifest.json");
        Files.writeString(manifest, "// as discovery reads it\n{\"name\": \"" + tool + "\", \"type\": \"tool\", \"version\": \"1.0\",}\n");

        Cli.Result valid = cli.loggedIn().run("validate", "-o", "table", manifest.toString());
        assertEquals(Exit.OK, valid.status(), valid::toString);
        assertTrue(valid.out().contains("is valid as tools/weather/manifest.json"), valid::toString);
        assertTrue(valid.out().contains("would register tool " + tool), valid::toString);

        Path incomplete = Files.writeString(home.resolve("incomplete.json"), "{\"name\": \"" + tool + "\"}");
        Cli.Result invalid = cli.run("validate", "-o", "json", "--as", "tools/weather/manifest.json", incomplete.toString());
        assertEquals(Exit.USAGE, invalid.status(), invalid::toString);
        JsonNode answer = Output.JSON.readTree(invalid.out());
        assertFalse(answer.get("valid").asBoolean(), invalid::toString);
        assertTrue(answer.get("problems").size() >= 1, invalid::toString);

        Cli.Result tools = cli.run("tools", "list", "-o", "json");
        assertEquals(Exit.OK, tools.status(), tools::toString);
        assertFalse(tools.out().contains(tool), "a dry run writes nothing: " + tools);
    }

    @Test
    void aPluginsDescribeOutputIsCheckedAgainstTheContract(Cli cli, @TempDir Path folder) throws Exception {
        Path describe = Files.writeString(folder.resolve("describe.json"), DESCRIBE);
        Cli.Result valid = cli.loggedIn().run("validate", "-o", "table", "--as", "plugins/cvweather/cli.py", describe.toString());
        assertEquals(Exit.OK, valid.status(), valid::toString);
        assertTrue(valid.out().contains("would register tool cvweather__forecast"), valid::toString);

        Path broken = Files.writeString(folder.resolve("broken.json"), "{\"commands\": [{\"name\": \"bad name\"}]}");
        Cli.Result invalid = cli.run("validate", "-o", "table", "--as", "plugins/cvweather/cli.py", broken.toString());
        assertEquals(Exit.USAGE, invalid.status(), invalid::toString);
        assertTrue(invalid.out().contains("commands[0].name"), "the field is named: " + invalid);
    }

    @Test
    void aPlaceOutsideTheHomeOrBadCredentialsAreRefused(Cli cli, @TempDir Path folder) throws Exception {
        Path manifest = Files.writeString(folder.resolve("manifest.json"), "{\"name\": \"x\", \"type\": \"tool\"}");
        Cli.Result escaping = cli.loggedIn().run("validate", "--as", "../x/manifest.json", manifest.toString());
        assertEquals(Exit.USAGE, escaping.status(), "the registry's 422: " + escaping);
        assertTrue(escaping.err().contains(".."), escaping::toString);

        Cli.Result refused = cli.env("ANIMUS_TOKEN", "not-a-token").run("validate", "--as", "tools/x/manifest.json", manifest.toString());
        assertEquals(Exit.REFUSED, refused.status(), refused::toString);
    }
}
