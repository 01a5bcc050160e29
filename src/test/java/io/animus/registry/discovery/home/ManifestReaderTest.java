package io.animus.registry.discovery.home;

import io.animus.registry.discovery.home.Location;
import io.animus.registry.discovery.home.Manifest;
import io.animus.registry.discovery.home.ManifestFile;
import io.animus.registry.discovery.home.ManifestReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.json.JsonMapper;

import io.animus.registry.tool.ModuleScope;

/** The lenient reading of manifests, and what it still refuses. */
class ManifestReaderTest {

    private final ManifestReader reader = new ManifestReader(1024);

    @TempDir
    Path folder;

    private Manifest read(Location location, String json) throws ManifestReader.Refused {
        return read(location, json.getBytes(StandardCharsets.UTF_8));
    }

    private Manifest read(Location location, byte[] bytes) throws ManifestReader.Refused {
        return reader.parse(new ManifestFile("x/manifest.json", location, location == Location.AGENT_MODULE ? "athena" : null, null), bytes);
    }

    private String refusal(Location location, String json) {
        return assertThrows(ManifestReader.Refused.class, () -> read(location, json)).getMessage();
    }

    @Test
    void aSummaryKeepsTheKeysAndIsCompletedFromItsUnchangedFile() throws Exception {
        Path file = folder.resolve("manifest.json");
        Files.writeString(file, "{\"name\": \"broca\", \"type\": \"tool\", \"description\": \"broker\", \"config_schema\": {\"type\": \"object\"}}");
        ManifestFile manifestFile = new ManifestFile("tools/broca/manifest.json", Location.TOOL, null, file);
        Manifest whole = reader.read(manifestFile);
        Manifest summary = whole.summary();
        assertTrue(whole.complete());
        assertFalse(summary.complete());
        assertEquals(List.of(whole.path(), whole.hash(), whole.name(), whole.moduleScope()),
                List.of(summary.path(), summary.hash(), summary.name(), summary.moduleScope()));
        assertNull(summary.description());
        assertNull(summary.configSchema());
        assertEquals(whole, reader.complete(manifestFile, summary, (schema, text) -> {
        }));
    }

    @Test
    void aSummaryWhoseFileChangedIsNotCompleted() throws Exception {
        Path file = folder.resolve("manifest.json");
        Files.writeString(file, "{\"name\": \"broca\", \"type\": \"tool\"}");
        ManifestFile manifestFile = new ManifestFile("tools/broca/manifest.json", Location.TOOL, null, file);
        Manifest summary = reader.read(manifestFile).summary();
        Files.writeString(file, "{\"name\": \"broca\", \"type\": \"tool\", \"description\": \"changed\"}");
        String reason = assertThrows(ManifestReader.Refused.class, () -> reader.complete(manifestFile, summary, (schema, text) -> {
        })).getMessage();
        assertTrue(reason.contains("changed while it was being scanned"), reason);
    }

    @Test
    void nameAndTypeAreEnoughAndDefaultsFollowTheLocation() throws Exception {
        Manifest tool = read(Location.TOOL, "{\"name\": \"broca\", \"type\": \"tool\"}");
        assertEquals("broca", tool.name());
        assertEquals(ModuleScope.GLOBAL, tool.moduleScope());
        assertNull(tool.description());
        assertNull(tool.version());
        assertNull(tool.configSchema());
        Manifest module = read(Location.AGENT_MODULE, "{\"name\": \"memory\", \"type\": \"module\"}");
        assertEquals(ModuleScope.AGENT, module.moduleScope());
    }

    @Test
    void theSeedsOwnExampleWithCommentsAndTrailingCommasIsRead() throws Exception {
        String seedExample = """
                {
                  "name": "my-module",
                  "type": "tool",
                  "description": "Optional description",
                  "version": "1.0.0",
                  "module_scope": "agent",
                  "config_schema": {}, // Optional config validation
                  "dependencies": [], // Optional dependency list
                  "entry_point": "main.py" // Optional if different from default
                }
                """;
        Manifest manifest = read(Location.TOOL, seedExample);
        assertEquals(ModuleScope.AGENT, manifest.moduleScope());
        assertEquals("main.py", manifest.entryPoint());
        assertEquals("1.0.0", manifest.version());
        Manifest trailing = read(Location.TOOL, "{\"name\": \"a\", \"type\": \"tool\", \"tags\": [\"x\", \"y\",], /* block */ }");
        assertEquals("a", trailing.name());
    }

    @Test
    void unknownFieldsAreKeptInTheDocument() throws Exception {
        Manifest manifest = read(Location.TOOL, "{\"name\": \"a\", \"type\": \"tool\", \"x_vendor\": {\"k\": [1, 2]}}");
        assertEquals("{\"k\":[1,2]}", JsonMapper.builder().build().readTree(manifest.document()).get("x_vendor").toString());
    }

    @Test
    void theHashIsTheSha256OfTheBytes() throws Exception {
        byte[] bytes = "{\"name\": \"a\", \"type\": \"tool\"}".getBytes(StandardCharsets.UTF_8);
        Manifest manifest = read(Location.TOOL, bytes);
        assertEquals(ManifestReader.sha256(bytes), manifest.hash());
        assertEquals(64, manifest.hash().length());
        byte[] spaced = "{\"name\": \"a\",  \"type\": \"tool\"}".getBytes(StandardCharsets.UTF_8);
        assertTrue(!manifest.hash().equals(read(Location.TOOL, spaced).hash()), "any byte changes the hash");
    }

    @Test
    void missingNameOrTypeIsRefused() {
        assertTrue(refusal(Location.TOOL, "{\"type\": \"tool\"}").contains("\"name\""));
        assertTrue(refusal(Location.TOOL, "{\"name\": \"a\"}").contains("\"type\""));
        assertTrue(refusal(Location.TOOL, "{\"name\": \"  \", \"type\": \"tool\"}").contains("blank"));
        assertTrue(refusal(Location.TOOL, "{\"name\": 3, \"type\": \"tool\"}").contains("name must be a string"));
    }

    @Test
    void invalidJsonIsRefusedWithItsPlace() {
        assertTrue(refusal(Location.TOOL, "{\"name\": \"a\", \"type\": }").contains("is not valid JSON at line 1"));
        assertTrue(refusal(Location.TOOL, "[1, 2]").contains("not a JSON object"));
        assertTrue(refusal(Location.TOOL, "").contains("empty"));
        assertTrue(refusal(Location.TOOL, "{\"name\": \"a\", \"type\": \"tool\"} {\"x\": 1}").contains("not valid JSON"));
        assertTrue(refusal(Location.TOOL, "{\"name\": \"a\", \"name\": \"b\", \"type\": \"tool\"}").contains("Duplicate field 'name'"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAndABomIsAccepted() throws Exception {
        byte[] latin1 = "{\"name\": \"caf\u00e9\", \"type\": \"tool\"}".getBytes(StandardCharsets.ISO_8859_1);
        String reason = assertThrows(ManifestReader.Refused.class, () -> read(Location.TOOL, latin1)).getMessage();
        assertTrue(reason.contains("not valid UTF-8"), reason);
        byte[] bom = ("\uFEFF{\"name\": \"caf\u00e9\", \"type\": \"tool\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals("caf\u00e9", read(Location.TOOL, bom).name());
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedWithoutParsing() throws Exception {
        Path big = folder.resolve("manifest.json");
        Files.writeString(big, "{\"name\": \"a\", \"type\": \"tool\", \"pad\": \"" + "x".repeat(2000) + "\"}");
        String reason = assertThrows(ManifestReader.Refused.class,
                () -> reader.read(new ManifestFile("tools/a/manifest.json", Location.TOOL, null, big))).getMessage();
        assertTrue(reason.contains("larger than the limit of 1024 bytes"), reason);
        Path small = folder.resolve("small.json");
        Files.writeString(small, "{\"name\": \"a\", \"type\": \"tool\", \"pad\": \"" + "x".repeat(900) + "\"}");
        assertEquals("a", reader.read(new ManifestFile("tools/a/manifest.json", Location.TOOL, null, small)).name());
    }

    @Test
    void knownFieldsOfTheWrongTypeAreRefused() {
        assertTrue(refusal(Location.TOOL, "{\"name\": \"a\", \"type\": \"tool\", \"module_scope\": \"everywhere\"}").contains("module_scope"));
        assertTrue(refusal(Location.TOOL, "{\"name\": \"a\", \"type\": \"tool\", \"description\": 5}").contains("description"));
        assertTrue(refusal(Location.TOOL, "{\"name\": \"a\", \"type\": \"tool\", \"config_schema\": 5}").contains("config_schema"));
        assertTrue(refusal(Location.TOOL, "{\"name\": \"a\", \"type\": \"tool\", \"dependencies\": \"x\"}").contains("dependencies"));
        assertTrue(refusal(Location.TOOL, "{\"name\": \"a\", \"type\": \"tool\", \"version\": \"" + "9".repeat(51) + "\"}").contains("version"));
    }

    @Test
    void aNulCharacterIsRefusedBecausePostgresqlCannotStoreIt() {
        assertTrue(refusal(Location.TOOL, "{\"name\": \"a\", \"type\": \"tool\", \"x\": {\"y\": \"a\\u0000b\"}}").contains("NUL character"));
    }

    @Test
    void pluginsNameTheirToolAndListDependencies() throws Exception {
        Manifest plugin = read(Location.PLUGIN, "{\"name\": \"p\", \"type\": \"plugin\", \"tool\": \"broca\", \"dependencies\": [\"q\"], \"version\": 2}");
        assertEquals("broca", plugin.tool());
        assertEquals(List.of("q"), plugin.dependencies());
        assertEquals("2", plugin.version());
        assertNull(plugin.moduleScope());
        assertTrue(refusal(Location.PLUGIN, "{\"name\": \"p\", \"type\": \"plugin\"}").contains("\"tool\""));
        assertTrue(refusal(Location.PLUGIN, "{\"name\": \"p\", \"type\": \"plugin\", \"tool\": \"t\", \"dependencies\": [1]}").contains("plugin names"));
    }

    @Test
    void theTypeMustSuitTheLocation() {
        assertTrue(refusal(Location.PLUGIN, "{\"name\": \"p\", \"type\": \"tool\", \"tool\": \"t\"}").contains("under plugins/"));
        assertTrue(refusal(Location.TOOL, "{\"name\": \"p\", \"type\": \"plugin\", \"tool\": \"t\"}").contains("belongs under plugins/"));
        assertTrue(refusal(Location.AGENT_MODULE, "{\"name\": \"m\", \"type\": \"tool\", \"module_scope\": \"global\"}").contains("agent-scoped"));
    }
}
