package io.animus.registry.discovery;

import io.animus.registry.discovery.home.ManifestReader;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.discovery.ScanReport.Trigger;
import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The reconciliation of manifests into tools, tool instances and plugins, on a real PostgreSQL. */
@QuarkusTest
class DiscoveryReconciliationTest {

    @Inject
    DiscoveryScan scan;

    @Inject
    DiscoveryFixtures db;

    TestHome home;
    int athena;

    static final String BROCA = """
            {
              "name": "dt-broca",
              "type": "tool",
              "description": "Message broker",
              "version": "1.2.0",
              "config_schema": {"type": "object", "properties": {"port": {"type": "integer"}}},
              "entry_point": "broca.py",
              "x_vendor": {"maintainer": "ops"}
            }
            """;

    @BeforeEach
    void setUp() {
        db.clean();
        home = TestHome.create();
        athena = db.agent("dt-athena", "dt-uid-athena");
    }

    @AfterEach
    void tearDown() {
        home.close();
    }

    private ScanReport scan() {
        ScanResult result = scan.run(home.root, Trigger.MANUAL, null);
        assertTrue(result.ran(), "the scan was skipped: " + result.skipped());
        return result.report();
    }

    private TestHome standardHome() {
        return home.tool("broca", BROCA)
                .plugin("relay", TestHome.pluginJson("dt-relay", "dt-broca"))
                .module("dt-athena", "memory", "{\"name\": \"dt-memory\", \"type\": \"module\", \"description\": \"Athena's memory\"}");
    }

    private static String reasonFor(ScanReport report, String path) {
        return report.problems().stream().filter(problem -> problem.path().equals(path)).map(DiscoveryProblem::reason)
                .findFirst().orElseThrow(() -> new AssertionError("no problem for " + path + " in " + report.problems()));
    }

    private static void assertCounts(ScanReport report, int seen, int created, int updated, int unchanged, int switchedOff) {
        assertEquals(new ScanCounts(seen, created, updated, unchanged, switchedOff), report.counts(), report.problems().toString());
    }

    @Test
    void newManifestsCreateToolsPluginsAndTheAgentsInstance() throws Exception {
        standardHome();
        ScanReport report = scan();
        assertCounts(report, 3, 4, 0, 0, 0);
        assertEquals(List.of(), report.problems());
        assertEquals(ScanReport.COMPLETED, report.outcome());

        Map<String, Object> broca = db.tool("dt-broca");
        assertEquals("Ready", broca.get("status"));
        assertEquals("global", broca.get("module_scope"));
        assertEquals("Message broker", broca.get("description"));
        assertEquals("tools/broca/manifest.json", broca.get("discovered_from"));
        assertEquals(ManifestReader.sha256(Files.readAllBytes(home.path("tools/broca/manifest.json"))), broca.get("manifest_hash"));
        assertTrue(((String) broca.get("manifest")).contains("\"x_vendor\": {\"maintainer\": \"ops\"}"), (String) broca.get("manifest"));
        assertTrue(((String) broca.get("config_schema")).contains("\"port\""));
        assertNull(broca.get("created_by"));

        Map<String, Object> memory = db.tool("dt-memory");
        assertEquals("agent", memory.get("module_scope"));
        assertEquals("agents/dt-athena/modules/memory/manifest.json", memory.get("discovered_from"));
        Map<String, Object> instance = db.instance("dt-memory", athena).orElseThrow();
        assertEquals("Ready", instance.get("status"));
        assertEquals("agent", instance.get("module_scope"));
        assertEquals("agents/dt-athena/modules/memory/manifest.json", instance.get("discovered_from"));

        Map<String, Object> relay = db.plugin("dt-broca", "dt-relay").orElseThrow();
        assertEquals("Active", relay.get("status"));
        assertEquals(true, relay.get("is_enabled"));
        assertEquals("global", relay.get("module_scope"));
        assertEquals("plugins/relay/manifest.json", relay.get("discovered_from"));

        Map<String, Object> run = db.row("SELECT * FROM discovery_runs WHERE id = ?", report.id()).orElseThrow();
        assertEquals(3, run.get("seen"));
        assertEquals(4, run.get("created"));
        assertEquals("manual", run.get("triggered_by"));
    }

    @Test
    void aRescanWithNoChangeWritesNothing() {
        standardHome();
        scan();
        List<Map<String, Object>> before = db.writeFingerprint();
        ScanReport again = scan();
        assertCounts(again, 3, 0, 0, 4, 0);
        assertEquals(before, db.writeFingerprint(), "an unchanged rescan must not insert, update or delete a row");

        // the same check sees a single changed manifest
        home.tool("broca", BROCA.replace("Message broker", "Message broker v2"));
        ScanReport changed = scan();
        assertCounts(changed, 3, 0, 1, 3, 0);
        List<Map<String, Object>> after = db.writeFingerprint();
        assertNotEquals(before, after);
        long rewritten = after.stream().filter(row -> !before.contains(row)).count();
        assertEquals(1, rewritten, "only the changed tool is written");
    }

    @Test
    void aChangedManifestUpdatesItsEntryAndKeepsAnOperatorsStatus() {
        standardHome();
        scan();
        Object updatedAt = db.tool("dt-broca").get("updated_at");
        db.execute("UPDATE tools SET status = 'Healthy', emoji = '📨' WHERE name = 'dt-broca'");
        home.tool("broca", BROCA.replace("Message broker", "Broker of messages").replace("1.2.0", "1.3.0"));
        ScanReport report = scan();
        assertCounts(report, 3, 0, 1, 3, 0);
        Map<String, Object> broca = db.tool("dt-broca");
        assertEquals("Broker of messages", broca.get("description"));
        assertEquals("Healthy", broca.get("status"), "a manifest change does not reset a status the scan did not set");
        assertEquals("📨", broca.get("emoji"), "an emoji the manifest does not name is kept");
        assertNotEquals(updatedAt, broca.get("updated_at"));
        assertTrue(((String) broca.get("manifest")).contains("1.3.0"));
    }

    @Test
    void aManifestThatHasGoneIsSwitchedOffAndComesBackReady() {
        standardHome();
        scan();
        home.delete("tools/broca").delete("plugins/relay").delete("agents/dt-athena/modules/memory");
        ScanReport gone = scan();
        assertCounts(gone, 0, 0, 0, 0, 4);
        assertEquals("Off", db.tool("dt-broca").get("status"));
        assertNull(db.tool("dt-broca").get("manifest_hash"));
        assertEquals("tools/broca/manifest.json", db.tool("dt-broca").get("discovered_from"), "the row keeps its source");
        assertEquals("Off", db.tool("dt-memory").get("status"));
        assertEquals("Off", db.instance("dt-memory", athena).orElseThrow().get("status"));
        Map<String, Object> relay = db.plugin("dt-broca", "dt-relay").orElseThrow();
        assertEquals("Inactive", relay.get("status"));
        assertEquals(true, relay.get("is_enabled"), "is_enabled is the operator's switch, not the scan's");

        List<Map<String, Object>> off = db.writeFingerprint();
        assertCounts(scan(), 0, 0, 0, 0, 0);
        assertEquals(off, db.writeFingerprint(), "entries already Off are not written again");

        standardHome();
        ScanReport back = scan();
        assertCounts(back, 3, 0, 4, 0, 0);
        assertEquals("Ready", db.tool("dt-broca").get("status"));
        assertEquals("Ready", db.tool("dt-memory").get("status"));
        assertEquals("Ready", db.instance("dt-memory", athena).orElseThrow().get("status"));
        assertEquals("Active", db.plugin("dt-broca", "dt-relay").orElseThrow().get("status"));
        assertNotNull(db.tool("dt-broca").get("manifest_hash"));
    }

    @Test
    void anUnmountedRootSwitchesNothingOff() {
        standardHome();
        scan();
        List<Map<String, Object>> before = db.writeFingerprint();
        home.delete("tools");
        ScanReport report = scan();
        assertTrue(reasonFor(report, "tools/").contains("is missing; nothing under it was changed"));
        assertCounts(report, 2, 0, 0, 3, 0);
        assertEquals("Ready", db.tool("dt-broca").get("status"));
        assertEquals(before, db.writeFingerprint());

        // the whole home gone: nothing at all is switched Off
        ScanReport noHome = scan.run(home.root.resolve("unmounted"), Trigger.MANUAL, null).report();
        assertTrue(reasonFor(noHome, ".").contains("does not exist"));
        assertCounts(noHome, 0, 0, 0, 0, 0);
        assertEquals(before, db.writeFingerprint());
    }

    @Test
    void linksOutOfTheHomeAndLoopsAreReportedAndLeaveTheirEntriesAlone() throws Exception {
        standardHome();
        scan();
        Path outside = Files.createTempDirectory("outside-animus-home");
        try {
            Files.writeString(outside.resolve("manifest.json"), BROCA.replace("Message broker", "Hijacked"));
            home.delete("tools/broca").link("tools/broca", outside);
            home.link("tools/loop", home.path("tools/loop"));
            Files.writeString(outside.resolve("other.json"), TestHome.toolJson("dt-intruder"));
            ScanReport report = scan();
            assertTrue(reasonFor(report, "tools/broca/").contains("leads outside the Animus home"));
            assertTrue(reasonFor(report, "tools/loop/").contains("symbolic link loop"));
            Map<String, Object> broca = db.tool("dt-broca");
            assertEquals("Ready", broca.get("status"), "an entry behind a refused link is not switched Off");
            assertEquals("Message broker", broca.get("description"), "nor read through the link");
            assertTrue(db.findTool("dt-intruder").isEmpty());
            assertEquals(0, report.counts().switchedOff());
        } finally {
            TestHome.deleteTree(outside);
        }
    }

    @Test
    void twoToolsWithOneNameAreBothReportedAndNeitherWins() {
        home.tool("dup-a", TestHome.toolJson("dt-dup")).tool("dup-b", TestHome.toolJson("dt-dup")).tool("single", TestHome.toolJson("dt-single"));
        ScanReport report = scan();
        assertTrue(reasonFor(report, "tools/dup-a/manifest.json").contains("tools/dup-b/manifest.json also claim"));
        assertTrue(reasonFor(report, "tools/dup-b/manifest.json").contains("tools/dup-a/manifest.json also claim"));
        assertTrue(db.findTool("dt-dup").isEmpty());
        assertTrue(db.findTool("dt-single").isPresent());

        // a discovered tool that gains a rival stays exactly as it was
        home.delete("tools/dup-b");
        scan();
        List<Map<String, Object>> before = db.writeFingerprint();
        home.tool("dup-b", "{\"name\": \"dt-dup\", \"type\": \"tool\", \"description\": \"rival\"}");
        ScanReport rival = scan();
        assertEquals(2, rival.problemCount());
        assertEquals(before, db.writeFingerprint());
        assertEquals("Ready", db.tool("dt-dup").get("status"));
    }

    @Test
    void manifestsUnchangedSinceTheLastScanAreWrittenWholeWhenTheyMustBeWrittenAfterAll() throws Exception {
        String module = "{\"name\": \"dt-memory\", \"type\": \"module\", \"description\": \"Athena's memory\", \"x_note\": 7}";
        String plugin = "{\"name\": \"dt-relay\", \"type\": \"plugin\", \"tool\": \"dt-broca\", \"version\": \"2.1.0\"}";
        home.tool("broca", BROCA).tool("broca-copy", BROCA)
                .plugin("relay", plugin).plugin("relay-copy", plugin)
                .module("dt-athena", "memory", module).module("dt-athena", "memory-copy", module);
        ScanReport rivals = scan();
        assertEquals(6, rivals.problemCount(), rivals.problems().toString());
        assertTrue(db.findTool("dt-broca").isEmpty());

        // the survivors are the manifests of the last scan, unchanged: kept as summaries, completed from their files
        home.delete("tools/broca-copy").delete("plugins/relay-copy").delete("agents/dt-athena/modules/memory-copy");
        ScanReport report = scan();
        assertEquals(List.of(), report.problems());
        assertCounts(report, 3, 4, 0, 0, 0);
        Map<String, Object> broca = db.tool("dt-broca");
        assertEquals("Message broker", broca.get("description"));
        assertTrue(((String) broca.get("config_schema")).contains("\"port\""), (String) broca.get("config_schema"));
        assertTrue(((String) broca.get("manifest")).contains("\"maintainer\": \"ops\""), (String) broca.get("manifest"));
        assertEquals(ManifestReader.sha256(Files.readAllBytes(home.path("tools/broca/manifest.json"))), broca.get("manifest_hash"));
        assertEquals("2.1.0", db.plugin("dt-broca", "dt-relay").orElseThrow().get("version"));
        String instanceManifest = (String) db.row("SELECT i.manifest::text AS manifest FROM tool_instances i JOIN tools t"
                + " ON t.id = i.tool_id WHERE t.name = 'dt-memory' AND i.agent_id = ?", athena).orElseThrow().get("manifest");
        assertTrue(instanceManifest.contains("\"x_note\": 7"), instanceManifest);
    }

    @Test
    void twoPluginsOrTwoModulesWithOneNameAreBothReported() {
        int monday = db.agent("dt-monday", "dt-uid-monday");
        home.tool("broca", BROCA)
                .plugin("p1", TestHome.pluginJson("dt-same", "dt-broca"))
                .plugin("p2", TestHome.pluginJson("dt-same", "dt-broca"))
                .module("dt-athena", "m1", TestHome.toolJson("dt-mod"))
                .module("dt-athena", "m2", TestHome.toolJson("dt-mod"))
                .module("dt-monday", "m1", TestHome.toolJson("dt-mod"));
        ScanReport report = scan();
        assertTrue(reasonFor(report, "plugins/p1/manifest.json").contains("plugins/p2/manifest.json also claim"));
        assertTrue(reasonFor(report, "plugins/p2/manifest.json").contains("plugins/p1/manifest.json also claim"));
        assertTrue(db.plugin("dt-broca", "dt-same").isEmpty());
        assertTrue(reasonFor(report, "agents/dt-athena/modules/m1/manifest.json").contains("of the same agent"));
        assertTrue(reasonFor(report, "agents/dt-athena/modules/m2/manifest.json").contains("of the same agent"));
        assertTrue(db.instance("dt-mod", athena).isEmpty());
        assertTrue(db.instance("dt-mod", monday).isPresent(), "another agent's module of that name is used");
        assertEquals(4, report.problemCount());
    }

    @Test
    void entriesMadeThroughTheApiAreNeverTouched() {
        String admin = db.token(Role.ADMIN);
        int manual = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\": \"dt-manual\", \"description\": \"by hand\"}")
                .post("/api/v1/tools").then().statusCode(201).extract().path("id");
        int lonely = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\": \"dt-lonely\", \"module_scope\": \"agent\"}")
                .post("/api/v1/tools").then().statusCode(201).extract().path("id");
        home.tool("broca", BROCA).tool("manual", "{\"name\": \"dt-manual\", \"type\": \"tool\", \"description\": \"from disk\"}")
                .module("dt-athena", "lonely", TestHome.toolJson("dt-lonely"));
        scan();
        int broca = ((Number) db.tool("dt-broca").get("id")).intValue();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\": \"dt-hand-plugin\"}")
                .post("/api/v1/tools/" + broca + "/plugins").then().statusCode(201);
        home.plugin("hand", TestHome.pluginJson("dt-hand-plugin", "dt-broca"));
        List<Map<String, Object>> before = db.writeFingerprint();

        ScanReport report = scan();
        assertTrue(reasonFor(report, "tools/manual/manifest.json").contains("created through the API (tool " + manual + ")"));
        assertTrue(reasonFor(report, "agents/dt-athena/modules/lonely/manifest.json").contains("created through the API (tool " + lonely + ")"));
        assertTrue(reasonFor(report, "plugins/hand/manifest.json").contains("created through the API"));
        assertEquals(before, db.writeFingerprint());
        assertEquals("by hand", db.tool("dt-manual").get("description"));
        assertNull(db.tool("dt-manual").get("discovered_from"));
        assertTrue(db.instance("dt-lonely", athena).isEmpty());

        // and hand-made rows without any manifest are never switched Off
        home.delete("tools/manual").delete("plugins/hand");
        scan();
        assertEquals("Ready", db.tool("dt-manual").get("status"));
        assertEquals("Active", db.plugin("dt-broca", "dt-hand-plugin").orElseThrow().get("status"));
    }

    @Test
    void theSeedsExampleWithCommentsAndTrailingCommasIsDiscovered() {
        home.tool("my-module", """
                {
                  "name": "dt-my-module",
                  "type": "tool",
                  "description": "Optional description",
                  "version": "1.0.0",
                  "module_scope": "agent",
                  "config_schema": {}, // Optional config validation
                  "dependencies": [], // Optional dependency list
                  "entry_point": "main.py", // Optional if different from default
                }
                """);
        ScanReport report = scan();
        assertEquals(List.of(), report.problems());
        Map<String, Object> tool = db.tool("dt-my-module");
        assertEquals("agent", tool.get("module_scope"));
        assertTrue(((String) tool.get("manifest")).contains("\"entry_point\": \"main.py\""));
    }

    @Test
    void brokenManifestsAreReportedWhileTheOthersAreProcessed() {
        byte[] latin1 = "{\"name\": \"dt-caf\u00e9\", \"type\": \"tool\"}".getBytes(StandardCharsets.ISO_8859_1);
        home.tool("good", TestHome.toolJson("dt-good"))
                .tool("badjson", "{\"name\": \"dt-bad\", \"type\": \"tool\",, }")
                .tool("noname", "{\"type\": \"tool\"}")
                .tool("notype", "{\"name\": \"dt-notype\"}")
                .write("tools/latin1/manifest.json", latin1)
                .tool("big", "{\"name\": \"dt-big\", \"type\": \"tool\", \"pad\": \"" + "x".repeat(300 * 1024) + "\"}")
                .tool("badschema", "{\"name\": \"dt-badschema\", \"type\": \"tool\", \"config_schema\": {\"type\": \"nope\"}}")
                .plugin("orphan", TestHome.pluginJson("dt-orphan", "dt-no-such-tool"));
        ScanReport report = scan();
        assertTrue(reasonFor(report, "tools/badjson/manifest.json").contains("not valid JSON at line 1"));
        assertTrue(reasonFor(report, "tools/noname/manifest.json").contains("\"name\""));
        assertTrue(reasonFor(report, "tools/notype/manifest.json").contains("\"type\""));
        assertTrue(reasonFor(report, "tools/latin1/manifest.json").contains("not valid UTF-8"));
        assertTrue(reasonFor(report, "tools/big/manifest.json").contains("larger than the limit of 262144 bytes"));
        assertTrue(reasonFor(report, "tools/badschema/manifest.json").contains("not a valid JSON Schema"));
        assertTrue(reasonFor(report, "plugins/orphan/manifest.json").contains("'dt-no-such-tool'"));
        assertEquals(7, report.problemCount());
        assertCounts(report, 8, 1, 0, 0, 0);
        assertTrue(db.findTool("dt-good").isPresent());
        assertTrue(db.findTool("dt-badschema").isEmpty());
    }

    @Test
    void aSchemaSharedByManyManifestsGetsOneVerdictForEach() {
        String valid = "\"config_schema\": {\"type\": \"object\", \"properties\": {\"port\": {\"type\": \"integer\"}}}";
        String invalid = "\"config_schema\": {\"type\": \"nope\"}";
        int monday = db.agent("dt-monday", "dt-uid-monday");
        home.module("dt-athena", "memory", "{\"name\": \"dt-memory\", \"type\": \"module\", " + valid + "}")
                .module("dt-monday", "memory", "{\"name\": \"dt-memory\", \"type\": \"module\", \"version\": \"2\", " + valid + "}")
                .tool("bad-a", "{\"name\": \"dt-bad-a\", \"type\": \"tool\", " + invalid + "}")
                .tool("bad-b", "{\"name\": \"dt-bad-b\", \"type\": \"tool\", " + invalid + "}");
        ScanReport report = scan();
        assertTrue(db.instance("dt-memory", athena).isPresent());
        assertTrue(db.instance("dt-memory", monday).isPresent());
        assertTrue(db.tool("dt-memory").get("config_schema").toString().contains("\"port\""));
        String reason = reasonFor(report, "tools/bad-a/manifest.json");
        assertTrue(reason.contains("not a valid JSON Schema"), reason);
        assertEquals(reason, reasonFor(report, "tools/bad-b/manifest.json"));
        assertEquals(2, report.problemCount(), report.problems().toString());
        assertTrue(db.findTool("dt-bad-a").isEmpty() && db.findTool("dt-bad-b").isEmpty());
    }

    @Test
    void aManifestThatBreaksLeavesItsEntryAsItWas() {
        home.tool("flaky", TestHome.toolJson("dt-flaky"));
        scan();
        Map<String, Object> before = db.tool("dt-flaky");
        home.tool("flaky", "{\"name\": \"dt-flaky\", \"type\": ");
        ScanReport report = scan();
        assertTrue(reasonFor(report, "tools/flaky/manifest.json").contains("not valid JSON"));
        assertEquals(before, db.tool("dt-flaky"), "a half-written manifest neither switches its tool Off nor changes it");
    }

    @Test
    void agentFoldersMatchByNameLettaUidOrAgentDashLettaUid() {
        int monday = db.agent("dt-monday", "dt-uid-monday");
        int timbre = db.agent("dt-timbre", "dt-uid-timbre");
        long agents = db.count("SELECT count(*) FROM agents");
        home.module("dt-athena", "mem", TestHome.toolJson("dt-mem"))
                .module("dt-uid-monday", "mem", TestHome.toolJson("dt-mem"))
                .module("agent-dt-uid-timbre", "mem", TestHome.toolJson("dt-mem"))
                .module("dt-ghost", "mem", TestHome.toolJson("dt-mem"));
        ScanReport report = scan();
        assertTrue(db.instance("dt-mem", athena).isPresent());
        assertTrue(db.instance("dt-mem", monday).isPresent());
        assertTrue(db.instance("dt-mem", timbre).isPresent());
        assertTrue(reasonFor(report, "agents/dt-ghost/modules/mem/manifest.json").contains("matches no registered agent"));
        assertEquals(1, report.problemCount());
        assertEquals(agents, db.count("SELECT count(*) FROM agents"), "no agent is created by the scan");
        assertEquals(1, db.count("SELECT count(*) FROM tools WHERE name = 'dt-mem'"), "one agent-scoped tool per module name");
        assertEquals(3, db.count("SELECT count(*) FROM tool_instances i JOIN tools t ON t.id = i.tool_id WHERE t.name = 'dt-mem'"));

        // a folder that stops matching (the agent was renamed) is reported, and its instance kept as it was
        db.execute("UPDATE agents SET name = 'dt-athena-renamed' WHERE id = ?", athena);
        ScanReport renamed = scan();
        assertTrue(reasonFor(renamed, "agents/dt-athena/modules/mem/manifest.json").contains("matches no registered agent"));
        assertEquals("Ready", db.instance("dt-mem", athena).orElseThrow().get("status"));
        assertEquals(0, renamed.counts().switchedOff());
    }

    @Test
    void discoveredPluginsFollowThePluginRules() {
        String admin = db.token(Role.ADMIN);
        home.tool("broca", BROCA).tool("other", TestHome.toolJson("dt-other"))
                .plugin("a", TestHome.pluginJson("dt-a", "dt-broca", "dt-b"))
                .plugin("b", TestHome.pluginJson("dt-b", "dt-broca"))
                .plugin("c", TestHome.pluginJson("dt-c", "dt-broca", "dt-missing"))
                .plugin("d", TestHome.pluginJson("dt-d", "dt-broca", "dt-c"))
                .plugin("x", TestHome.pluginJson("dt-x", "dt-broca", "dt-y"))
                .plugin("y", TestHome.pluginJson("dt-y", "dt-broca", "dt-x"));
        ScanReport first = scan();
        assertTrue(db.plugin("dt-broca", "dt-a").isPresent(), "a dependency discovered in the same scan counts");
        assertTrue(db.plugin("dt-broca", "dt-b").isPresent());
        assertTrue(reasonFor(first, "plugins/c/manifest.json").contains("'dt-missing', which is not a plugin of tool 'dt-broca'"));
        assertTrue(reasonFor(first, "plugins/d/manifest.json").contains("depends on 'dt-c'"), "refused in turn: its dependency was refused");
        assertTrue(reasonFor(first, "plugins/x/manifest.json").contains("cycle"));
        assertTrue(reasonFor(first, "plugins/y/manifest.json").contains("cycle"));
        assertTrue(db.plugin("dt-broca", "dt-c").isEmpty());
        assertTrue(db.plugin("dt-broca", "dt-d").isEmpty());
        assertTrue(db.plugin("dt-broca", "dt-x").isEmpty());
        assertEquals(ScanReport.COMPLETED, first.outcome(), "a rule broken by one manifest does not fail the scan");

        int broca = ((Number) db.tool("dt-broca").get("id")).intValue();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\": \"dt-disabled\", \"is_enabled\": false}")
                .post("/api/v1/tools/" + broca + "/plugins").then().statusCode(201);
        home.delete("plugins/c").delete("plugins/d").delete("plugins/x").delete("plugins/y")
                .plugin("e", TestHome.pluginJson("dt-e", "dt-other", "dt-b"))
                .plugin("f", TestHome.pluginJson("dt-f", "dt-broca", "dt-disabled"));
        ScanReport second = scan();
        assertTrue(reasonFor(second, "plugins/e/manifest.json").contains("plugins may depend only on plugins of their own tool"));
        assertTrue(reasonFor(second, "plugins/f/manifest.json").contains("its dependency 'dt-disabled' is disabled"));
        assertEquals(2, second.problemCount());
    }

    @Test
    void aToolWithAMasterInstanceIsNotMadeAgentScoped() {
        home.tool("shared", TestHome.toolJson("dt-shared"));
        scan();
        db.execute("INSERT INTO tool_instances (tool_id, name) SELECT id, 'master' FROM tools WHERE name = 'dt-shared'");
        home.tool("shared", "{\"name\": \"dt-shared\", \"type\": \"tool\", \"module_scope\": \"agent\"}");
        ScanReport report = scan();
        assertTrue(reasonFor(report, "tools/shared/manifest.json").contains("has a master instance"));
        assertEquals("global", db.tool("dt-shared").get("module_scope"));
        assertEquals(ScanReport.COMPLETED, report.outcome());
    }

    @Test
    void aFailingReconciliationIsRolledBackWholeAndRecorded() {
        home.tool("first", TestHome.toolJson("dt-first")).tool("broca", BROCA)
                .plugin("boom", TestHome.pluginJson("dt-boom", "dt-broca"));
        db.execute("CREATE FUNCTION dt_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$");
        db.execute("CREATE TRIGGER dt_boom BEFORE INSERT ON plugins FOR EACH ROW WHEN (NEW.name = 'dt-boom') EXECUTE FUNCTION dt_boom()");
        try {
            ScanReport report = scan();
            assertEquals(ScanReport.FAILED, report.outcome());
            assertTrue(reasonFor(report, ".").contains("rolled back"));
            assertTrue(db.findTool("dt-first").isEmpty(), "the tools written before the failure are rolled back with it");
            assertTrue(db.findTool("dt-broca").isEmpty());
            assertEquals("failed", db.row("SELECT outcome FROM discovery_runs WHERE id = ?", report.id()).orElseThrow().get("outcome"));
        } finally {
            db.execute("DROP TRIGGER dt_boom ON plugins");
            db.execute("DROP FUNCTION dt_boom()");
        }
        assertEquals(ScanReport.COMPLETED, scan().outcome());
        assertTrue(db.findTool("dt-first").isPresent());
    }

    @Test
    void aMovedModuleKeepsItsEntryAndRecordsItsNewPath() {
        home.tool("broca-v1", BROCA);
        scan();
        Object id = db.tool("dt-broca").get("id");
        home.delete("tools/broca-v1").tool("broca-v2", BROCA);
        ScanReport report = scan();
        assertCounts(report, 1, 0, 1, 0, 0);
        assertEquals(id, db.tool("dt-broca").get("id"));
        assertEquals("tools/broca-v2/manifest.json", db.tool("dt-broca").get("discovered_from"));
        assertFalse(report.problemCount() > 0);
    }
}
