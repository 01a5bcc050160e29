package io.animus.registry.discovery;

import static io.animus.registry.discovery.SmcpPluginFiles.describe;
import static io.animus.registry.discovery.SmcpPluginFiles.printing;
import static io.animus.registry.discovery.SmcpPluginFiles.runs;
import static io.animus.registry.discovery.SmcpPluginFiles.script;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.discovery.ScanReport.Trigger;
import io.animus.registry.discovery.home.AnimusHome;
import io.animus.registry.discovery.smcp.ContractPayloads;
import io.animus.registry.discovery.smcp.SmcpPlugins;
import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * SMCP plugins found by running their {@code cli.py --describe} (a real python3 each, written by the
 * test): registered as plugins of the tool {@code smcp} with a tool per command, not run again while
 * unchanged, switched Off when gone, and every way a plugin can fail reported without stalling the scan.
 */
@QuarkusTest
@TestProfile(SmcpEnabledProfile.class)
class SmcpDiscoveryTest {

    static final String SMCP_FOLDER = SmcpEnabledProfile.SMCP_FOLDER;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DiscoveryScan scan;

    @Inject
    DiscoveryFixtures db;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    TestHome home;
    Path smcpFolder;

    @BeforeEach
    void setUp() {
        db.clean();
        home = TestHome.create();
        smcpFolder = AnimusHome.resolve(SMCP_FOLDER);
        TestHome.deleteTree(smcpFolder);
        try {
            Files.createDirectories(smcpFolder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void tearDown() {
        home.close();
        TestHome.deleteTree(smcpFolder);
    }

    private ScanReport scan() {
        ScanResult result = scan.run(home.root, Trigger.MANUAL, null);
        assertTrue(result.ran(), "the scan was skipped: " + result.skipped());
        assertNull(result.failure(), () -> "the scan failed: " + result.report().problems());
        return result.report();
    }

    private static List<String> reasons(ScanReport report, String path) {
        return report.problems().stream().filter(problem -> problem.path().equals(path)).map(DiscoveryProblem::reason).toList();
    }

    private Path plugin(String name) {
        return home.root.resolve("plugins").resolve(name);
    }

    @Test
    void pluginsAreRegisteredAsPluginsOfSmcpWithAToolPerCommand() throws Exception {
        printing(plugin("dt-weather"), describe("2.1.0", "forecast", "now"));
        printing(smcpFolder.resolve("dt-notes"), describe("0.3", "add"));
        home.tool("plain", TestHome.toolJson("dt-plain"));
        ScanReport report = scan();
        assertEquals(List.of(), report.problems());
        assertEquals(3, report.counts().seen());
        assertEquals(1 + 1 + 2 + 1 + 1 + 1, report.counts().created(), "smcp, dt-plain, two plugins, three command tools");

        Map<String, Object> smcp = db.tool("smcp");
        assertEquals("smcp", smcp.get("discovered_from"));
        assertEquals("global", smcp.get("module_scope"));
        assertEquals(Map.of("version", "2.1.0", "status", "Active", "discovered_from", "plugins/dt-weather/cli.py"),
                pick(db.plugin("smcp", "dt-weather").orElseThrow(), "version", "status", "discovered_from"));
        assertEquals("smcp-plugins/dt-notes/cli.py", db.plugin("smcp", "dt-notes").orElseThrow().get("discovered_from"));

        Map<String, Object> forecast = db.row("SELECT id, status, config_schema::text AS config_schema, input_schema::text AS input_schema,"
                + " discovered_from, version, module_scope FROM tools WHERE name = 'dt-weather__forecast'").orElseThrow();
        assertNull(forecast.get("config_schema"), "the command's parameters are not what the tool is configured with");
        assertEquals(JSON.readTree("{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}, \"days\": {\"type\": \"integer\","
                + " \"default\": 3}}, \"required\": [\"city\"], \"additionalProperties\": false}"),
                JSON.readTree((String) forecast.get("input_schema")));
        assertEquals("plugins/dt-weather/cli.py", forecast.get("discovered_from"));
        assertEquals("2.1.0", forecast.get("version"));
        assertEquals(JSON.readTree((String) forecast.get("input_schema")),
                JSON.readTree((String) db.row("SELECT v.input_schema::text AS s FROM tool_versions v JOIN tools t ON t.id = v.tool_id"
                        + " WHERE t.name = 'dt-weather__forecast'").orElseThrow().get("s")), "the input schema is part of the tool's version");
        given().auth().oauth2(db.token(Role.VIEWER)).get("/api/v1/tools/" + forecast.get("id")).then().statusCode(200)
                .body("input_schema.properties.city.type", equalTo("string"))
                .body("input_schema.required[0]", equalTo("city"))
                .body("config_schema", equalTo(null));
        given().auth().oauth2(db.token(Role.VIEWER)).get("/api/v1/tools/" + forecast.get("id") + "/versions").then().statusCode(200)
                .body("items[0].input_schema.properties.days.default", equalTo(3));
        assertEquals(1, runs(plugin("dt-weather")), "run once, in its own folder");
    }

    @Test
    void aDryRunDescribesThePluginsAndWritesNothing() {
        printing(plugin("dt-weather"), describe("2.1.0", "forecast"));
        String before = db.databaseDump();
        DiscoveryScan.DryRun dry = scan.dryRun(home.root);
        assertEquals(before, db.databaseDump(), "no row, version, event or run");
        assertEquals(ScanReport.DRY_RUN, dry.result().report().outcome());
        assertNull(dry.result().report().id());
        assertEquals(List.of("create tool dt-weather__forecast", "create tool smcp", "create plugin dt-weather"),
                dry.changes().stream().map(change -> change.action() + " " + change.kind() + " " + change.name()).toList());
        assertEquals(1, runs(plugin("dt-weather")));
        assertEquals(3, scan().counts().created(), "the scan does what the dry run said");
    }

    @Test
    void anUnchangedPluginIsNotRunAgainAndAChangedOneIs() throws Exception {
        printing(plugin("dt-weather"), describe("1.0", "forecast"));
        scan();
        List<Map<String, Object>> before = db.writeFingerprint();
        ScanReport again = scan();
        assertEquals(1, runs(plugin("dt-weather")), "the unchanged plugin was not run again");
        assertEquals(0, again.counts().created() + again.counts().updated());
        assertEquals(3, again.counts().unchanged());
        assertEquals(before, db.writeFingerprint(), "an unchanged rescan writes no row");

        Files.writeString(plugin("dt-weather").resolve("helpers.py"), "X = 1\n");
        scan();
        assertEquals(2, runs(plugin("dt-weather")), "a changed *.py file makes it run again");

        printing(plugin("dt-weather"), describe("1.1", "forecast", "radar"));
        ScanReport changed = scan();
        assertEquals(3, runs(plugin("dt-weather")));
        assertEquals("1.1", db.plugin("smcp", "dt-weather").orElseThrow().get("version"));
        assertTrue(db.findTool("dt-weather__radar").isPresent());
        assertEquals(1, changed.counts().created());
        assertEquals(3, db.count("SELECT count(*) FROM plugin_versions v JOIN plugins p ON p.id = v.plugin_id WHERE p.name = 'dt-weather'"),
                "1.0, 1.0 with changed code (reported as a version that came back with another body), and 1.1");
    }

    @Test
    void aVanishedPluginGoesOffWithItsTools() {
        printing(plugin("dt-weather"), describe("1.0", "forecast"));
        printing(plugin("dt-other"), describe("1.0", "x"));
        scan();
        TestHome.deleteTree(plugin("dt-weather"));
        ScanReport report = scan();
        assertEquals(2, report.counts().switchedOff());
        assertEquals("Inactive", db.plugin("smcp", "dt-weather").orElseThrow().get("status"));
        assertEquals("Off", db.findTool("dt-weather__forecast").orElseThrow().get("status"));
        assertEquals("Ready", db.findTool("smcp").orElseThrow().get("status"));
        assertEquals("Ready", db.findTool("dt-other__x").orElseThrow().get("status"));
    }

    @Test
    void aMissingSmcpPluginsFolderIsAProblemThatHoldsItsPlugins() {
        printing(smcpFolder.resolve("dt-notes"), describe("0.3", "add"));
        scan();
        TestHome.deleteTree(smcpFolder);
        List<Map<String, Object>> before = db.writeFingerprint();
        ScanReport report = scan();
        assertTrue(reasons(report, "smcp-plugins/").get(0).contains("is not a readable folder"), report.problems().toString());
        assertEquals(before, db.writeFingerprint(), "its plugins are held, not switched Off");
    }

    @Test
    void aLinkedPluginFolderOrCliIsNotRun() throws Exception {
        Path outside = Files.createTempDirectory("smcp-outside");
        try {
            printing(outside.resolve("dt-linked"), describe("1.0", "x"));
            Files.createSymbolicLink(plugin("dt-linked"), outside.resolve("dt-linked"));
            Files.createDirectories(plugin("dt-linked-cli"));
            Files.createSymbolicLink(plugin("dt-linked-cli").resolve("cli.py"), outside.resolve("dt-linked/cli.py"));
            printing(plugin("dt-real"), describe("1.0", "x"));
            scan();
            assertEquals(0, runs(outside.resolve("dt-linked")), "neither the linked folder nor the linked cli.py was run");
            assertTrue(db.findTool("dt-real__x").isPresent(), "a real folder is run");
            assertFalse(db.findTool("dt-linked__x").isPresent());
            assertFalse(db.findTool("dt-linked-cli__x").isPresent());
        } finally {
            TestHome.deleteTree(outside);
        }
    }

    @Test
    void aFolderWithAManifestIsReadAsAManifestNotRun() {
        printing(plugin("dt-both"), describe("1.0", "x"));
        home.tool("parent", TestHome.toolJson("dt-parent"));
        home.plugin("dt-both", TestHome.pluginJson("dt-both", "dt-parent"));
        ScanReport report = scan();
        assertEquals(List.of(), report.problems());
        assertEquals(0, runs(plugin("dt-both")));
        assertTrue(db.plugin("dt-parent", "dt-both").isPresent());
        assertFalse(db.findTool("smcp").isPresent(), "no SMCP plugin, no smcp tool");
    }

    @Test
    void everyFailureIsAProblemNamingTheFileAndTheScanGoesOn() throws Exception {
        printing(plugin("dt-good"), describe("1.0", "ok"));
        script(plugin("dt-hangs"), "time.sleep(60)\n");
        script(plugin("dt-crashes"), "raise RuntimeError('boom')\n");
        script(plugin("dt-floods"), "sys.stdout.write('x' * (3 * 1024 * 1024))\n");
        printing(plugin("dt-half"), "{\"commands\": [{\"name\": \"a\", \"para");
        printing(plugin("dt-silent"), "");
        printing(plugin("dt-" + "long".repeat(12)), "{\"commands\": [{\"name\": \"" + "c".repeat(20) + "\"}]}");
        printing(plugin("dt-twice"), "{\"commands\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}");
        long start = System.nanoTime();
        ScanReport report = scan();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 10, "the hanging plugin was stopped at its timeout: " + seconds + " s");
        assertTrue(reasons(report, "plugins/dt-hangs/cli.py").get(0).contains("did not finish within 2000 ms"), report.problems().toString());
        assertTrue(reasons(report, "plugins/dt-crashes/cli.py").get(0).contains("exit status 1"), report.problems().toString());
        assertTrue(reasons(report, "plugins/dt-floods/cli.py").get(0).contains("more than 1048576 bytes"), report.problems().toString());
        assertTrue(reasons(report, "plugins/dt-half/cli.py").get(0).contains("not a JSON document"), report.problems().toString());
        assertTrue(reasons(report, "plugins/dt-silent/cli.py").get(0).contains("printed nothing"), report.problems().toString());
        assertTrue(reasons(report, "plugins/dt-" + "long".repeat(12) + "/cli.py").get(0).contains("^[a-zA-Z0-9_-]{1,64}$"),
                report.problems().toString());
        assertTrue(reasons(report, "plugins/dt-twice/cli.py").get(0).contains("commands[1].name"), report.problems().toString());
        assertEquals(7, report.problemCount());
        assertTrue(db.findTool("dt-good__ok").isPresent(), "the good plugin is registered beside the failing ones");
        assertEquals(1, db.count("SELECT count(*) FROM plugins p JOIN tools t ON t.id = p.tool_id WHERE t.name = 'smcp'"));

        ScanReport again = scan();
        assertEquals(1, runs(plugin("dt-half")), "an unchanged output that broke the contract is not run again");
        assertEquals(1, runs(plugin("dt-floods")), "nor one that printed too much");
        assertTrue(reasons(again, "plugins/dt-half/cli.py").get(0).contains("not a JSON document"));
    }

    @Test
    void eachRuleOfTheContractBrokenIsReportedWithItsField() {
        int index = 0;
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> payload : ContractPayloads.oneRuleBrokenEach().entrySet()) {
            String name = "dt-rule" + index++;
            printing(plugin(name), payload.getKey());
            expected.put("plugins/" + name + "/cli.py", payload.getValue());
        }
        ScanReport report = scan();
        expected.forEach((path, field) -> {
            List<String> reasons = reasons(report, path);
            assertTrue(reasons.stream().anyMatch(reason -> reason.startsWith("--describe output breaks SMCP's plugin contract v1: " + field)),
                    path + " -> " + reasons);
        });
        assertEquals(0, db.count("SELECT count(*) FROM plugins p JOIN tools t ON t.id = p.tool_id WHERE t.name = 'smcp'"));
    }

    @Test
    void aPluginThatStartsFailingKeepsItsRowsAsTheyWere() {
        printing(plugin("dt-weather"), describe("1.0", "forecast"));
        scan();
        List<Map<String, Object>> before = db.writeFingerprint();
        script(plugin("dt-weather"), "raise SystemExit(3)\n");
        ScanReport report = scan();
        assertTrue(reasons(report, "plugins/dt-weather/cli.py").get(0).contains("exit status 3"));
        assertEquals(before, db.writeFingerprint(), "held: nothing switched Off");
    }

    @Test
    void aToolNameAManifestTakesIsAProblemNotAnOverwrite() {
        home.tool("clash", "{\"name\": \"dt-clash__run\", \"type\": \"tool\", \"description\": \"the manifest's\"}");
        printing(plugin("dt-clash"), describe("1.0", "run", "walk"));
        ScanReport report = scan();
        assertTrue(reasons(report, "plugins/dt-clash/cli.py").get(0).contains("'dt-clash__run' the manifest tools/clash/manifest.json takes"),
                report.problems().toString());
        assertEquals("tools/clash/manifest.json", db.tool("dt-clash__run").get("discovered_from"));
        assertEquals("the manifest's", db.tool("dt-clash__run").get("description"));
        assertTrue(db.findTool("dt-clash__walk").isPresent());
    }

    @Test
    void theChildGetsNoneOfTheRegistrysEnvironmentAndItsProcessTreeIsKilled() throws Exception {
        script(plugin("dt-env"), "print(json.dumps({'commands': [{'name': 'env', 'description': ' '.join(sorted(os.environ)) + ' cwd=' + os.getcwd()}]}))\n");
        script(plugin("dt-tree"), "child = subprocess.Popen(['sleep', '60'])\nopen('child.pid', 'w').write(str(child.pid))\ntime.sleep(60)\n");
        scan();
        String description = (String) db.tool("dt-env__env").get("description");
        assertEquals("HOME LANG PATH PYTHONDONTWRITEBYTECODE PYTHONIOENCODING PYTHONNOUSERSITE",
                description.substring(0, description.indexOf(" cwd=")).replace(" LC_ALL", "").replace(" TZ", ""));
        assertTrue(description.endsWith("cwd=" + plugin("dt-env").toRealPath()), description);
        long child = Long.parseLong(Files.readString(plugin("dt-tree").resolve("child.pid")).strip());
        Path stat = Path.of("/proc/" + child + "/stat");
        assertTrue(!Files.exists(stat) || Files.readString(stat).split(" ")[2].equals("Z"), "the plugin's child was killed with it");
    }

    @Test
    void theScansTimeForDescribingIsBoundedAndTheRestWaitForTheNextScan() throws Exception {
        for (String name : List.of("dt-a", "dt-b", "dt-c")) {
            script(plugin(name), "time.sleep(0.6)\nprint(json.dumps({'commands': [{'name': 'x'}]}))\n");
        }
        SmcpPlugins.Found found;
        try (java.sql.Connection connection = dataSource.getConnection()) {
            found = new SmcpPlugins().describe(home.root, null, connection,
                    new SmcpPlugins.Settings(SmcpEnabledProfile.python(), java.time.Duration.ofSeconds(5), 1 << 20, java.time.Duration.ofMillis(300), 1));
        }
        assertEquals(3, found.plugins());
        assertEquals(1, found.ran(), "the first plugin started within the budget; the others did not start");
        assertEquals(List.of("plugins/dt-b/cli.py", "plugins/dt-c/cli.py"), found.held());
        assertTrue(found.problems().get(0).reason().contains("waits for the next scan"), found.problems().toString());
        assertEquals(0, runs(plugin("dt-b")) + runs(plugin("dt-c")));

        ScanReport report = scan();
        assertEquals(List.of(), report.problems(), "the next scan, with the configured budget, describes them all");
        assertEquals(1, runs(plugin("dt-b")));
    }

    private static Map<String, Object> pick(Map<String, Object> row, String... columns) {
        Map<String, Object> picked = new java.util.HashMap<>();
        for (String column : columns) {
            picked.put(column, row.get(column));
        }
        return picked;
    }

    @SuppressWarnings("unused")
    private static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }
}
