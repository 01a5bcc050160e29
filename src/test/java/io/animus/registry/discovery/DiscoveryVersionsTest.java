package io.animus.registry.discovery;

import io.animus.registry.discovery.home.ManifestReader;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
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

/** The versions that discovery records: one per new definition, named by its run, conflicts and rejected instances reported. */
@QuarkusTest
class DiscoveryVersionsTest {

    @Inject
    DiscoveryScan scan;

    @Inject
    DiscoveryFixtures db;

    TestHome home;

    static final String BROCA = """
            {"name": "dt-broca", "type": "tool", "version": "1.2.0", "description": "Message broker",
             "config_schema": {"type": "object", "properties": {"port": {"type": "integer"}}},
             "x_vendor": {"maintainer": "ops"}}
            """;

    @BeforeEach
    void setUp() {
        db.clean();
        home = TestHome.create();
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

    private List<Map<String, Object>> versions(String tool) {
        return db.rows("SELECT v.id, v.version, v.manifest_hash, v.manifest::text AS manifest, v.config_schema::text AS config_schema,"
                + " v.source, v.discovered_from, v.discovery_run_id, v.recorded_by, v.conflicts_with, v.invalid_instances::text AS invalid"
                + " FROM tool_versions v JOIN tools t ON t.id = v.tool_id WHERE t.name = ? ORDER BY v.id", tool);
    }

    private static List<String> reasons(ScanReport report, String path) {
        return report.problems().stream().filter(problem -> problem.path().equals(path)).map(DiscoveryProblem::reason).toList();
    }

    @Test
    void aNewManifestIsRecordedAsAVersionOfItsRunAndAnUnchangedRescanRecordsNothing() throws Exception {
        home.tool("broca", BROCA).plugin("relay", "{\"name\": \"dt-relay\", \"type\": \"plugin\", \"tool\": \"dt-broca\", \"version\": \"0.3.0\"}");
        ScanReport first = scan();
        assertEquals(List.of(), first.problems());
        List<Map<String, Object>> rows = versions("dt-broca");
        assertEquals(1, rows.size(), rows.toString());
        Map<String, Object> row = rows.get(0);
        assertEquals("1.2.0", row.get("version"));
        assertEquals("discovery", row.get("source"));
        assertEquals("tools/broca/manifest.json", row.get("discovered_from"));
        assertEquals(first.id(), row.get("discovery_run_id"));
        assertNull(row.get("recorded_by"));
        assertNull(row.get("conflicts_with"));
        assertEquals(ManifestReader.sha256(Files.readAllBytes(home.path("tools/broca/manifest.json"))), row.get("manifest_hash"));
        assertTrue(((String) row.get("manifest")).contains("\"x_vendor\": {\"maintainer\": \"ops\"}"), (String) row.get("manifest"));
        assertTrue(((String) row.get("config_schema")).contains("\"port\""));
        assertEquals(1L, db.count("SELECT count(*) FROM plugin_versions v JOIN plugins p ON p.id = v.plugin_id"
                + " WHERE p.name = 'dt-relay' AND v.version = '0.3.0' AND v.discovery_run_id = ?", first.id()));

        scan();
        assertEquals(1, versions("dt-broca").size());
        assertEquals(1L, db.count("SELECT count(*) FROM plugin_versions v JOIN plugins p ON p.id = v.plugin_id WHERE p.name = 'dt-relay'"));

        // the API shows it, current, to every role
        int tool = (Integer) db.tool("dt-broca").get("id");
        given().auth().oauth2(db.token(Role.VIEWER)).get("/api/v1/tools/" + tool + "/versions").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].source", equalTo("discovery")).body("items[0].is_current", equalTo(true))
                .body("items[0].discovery_run_id", equalTo((int) (long) first.id()));
        given().auth().oauth2(db.token(Role.VIEWER)).get("/api/v1/tools/" + tool).then().body("version", equalTo("1.2.0"));
    }

    @Test
    void aNewVersionIsANewRowAndAVersionThatComesBackWithAnotherBodyIsReported() {
        home.tool("broca", BROCA);
        scan();
        home.tool("broca", BROCA.replace("1.2.0", "1.3.0").replace("Message broker", "Message broker, faster"));
        ScanReport upgraded = scan();
        assertEquals(List.of(), upgraded.problems(), "a new version string is no problem");
        List<Map<String, Object>> rows = versions("dt-broca");
        assertEquals(List.of("1.2.0", "1.3.0"), rows.stream().map(row -> row.get("version")).toList());
        assertNull(rows.get(1).get("conflicts_with"));

        home.tool("broca", BROCA.replace("1.2.0", "1.3.0").replace("Message broker", "Message broker, changed in place"));
        ScanReport changed = scan();
        rows = versions("dt-broca");
        assertEquals(3, rows.size());
        assertEquals("1.3.0", rows.get(2).get("version"));
        assertEquals(rows.get(1).get("id"), rows.get(2).get("conflicts_with"));
        List<String> reasons = reasons(changed, "tools/broca/manifest.json");
        assertEquals(1, reasons.size(), changed.problems().toString());
        assertTrue(reasons.get(0).contains("version '1.3.0'") && reasons.get(0).contains("version row " + rows.get(1).get("id")),
                reasons.get(0));
        // the changed tool is still written: the report does not hold it back
        assertTrue(((String) db.tool("dt-broca").get("description")).contains("changed in place"));

        // back to the earlier body: no row, and that row is current again
        home.tool("broca", BROCA.replace("1.2.0", "1.3.0").replace("Message broker", "Message broker, faster"));
        ScanReport back = scan();
        assertEquals(List.of(), back.problems());
        assertEquals(3, versions("dt-broca").size());
        int tool = (Integer) db.tool("dt-broca").get("id");
        given().auth().oauth2(db.token(Role.VIEWER)).get("/api/v1/tools/" + tool + "/versions").then()
                .body("items.version", contains("1.3.0", "1.3.0", "1.2.0")).body("items.is_current", contains(false, true, false));
    }

    @Test
    void aNewSchemaFromAManifestReportsExactlyTheInstancesItRejectsAndChangesNone() {
        home.tool("broca", BROCA);
        scan();
        int tool = (Integer) db.tool("dt-broca").get("id");
        String admin = db.token(Role.ADMIN);
        int good = instance(admin, tool, db.agent("dt-a", "dt-uid-a"), Map.of("port", 1));
        int bad = instance(admin, tool, db.agent("dt-b", "dt-uid-b"), Map.of("port", 2, "host", 7));

        // a manifest change that keeps a schema every instance satisfies reports nothing
        home.tool("broca", BROCA.replace("1.2.0", "1.2.1").replace("Message broker", "Broker"));
        assertEquals(List.of(), scan().problems());

        home.tool("broca", BROCA.replace("1.2.0", "2.0.0").replace("{\"port\": {\"type\": \"integer\"}}",
                "{\"port\": {\"type\": \"integer\"}, \"host\": {\"type\": \"string\"}}, \"required\": [\"port\"]"));
        ScanReport report = scan();
        List<String> reasons = reasons(report, "tools/broca/manifest.json");
        assertEquals(1, reasons.size(), report.problems().toString());
        assertTrue(reasons.get(0).contains("instance(s) " + bad + " does not satisfy"), reasons.get(0));
        List<Map<String, Object>> rows = versions("dt-broca");
        Map<String, Object> latest = rows.get(rows.size() - 1);
        assertEquals("2.0.0", latest.get("version"));
        assertEquals("[{\"fields\": [\"config.host\"], \"instance_id\": " + bad + "}]", latest.get("invalid"));
        assertTrue(((String) db.tool("dt-broca").get("config_schema")).contains("\"required\""), "the schema is taken");
        assertEquals("{\"host\": 7, \"port\": 2}", db.row("SELECT config::text AS c FROM tool_instances WHERE id = ?", bad).orElseThrow().get("c"));
        assertEquals("{\"port\": 1}", db.row("SELECT config::text AS c FROM tool_instances WHERE id = ?", good).orElseThrow().get("c"));
    }

    private static int instance(String token, int tool, int agent, Map<String, Object> config) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("agent_id", agent, "config", config))
                .post("/api/v1/tools/" + tool + "/instances").then().statusCode(201).extract().path("id");
    }
}
