package io.animus.registry.discovery;

import io.animus.registry.discovery.home.AnimusHome;
import io.animus.registry.discovery.home.Location;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code POST /api/v1/discovery/scan?dry_run=true}: what a scan would do, with the database left byte for byte as it was. */
@QuarkusTest
class DiscoveryDryRunTest {

    @Inject
    DiscoveryFixtures db;

    @Inject
    AnimusHome configuredHome;

    Path home;

    @BeforeEach
    void setUp() throws Exception {
        db.clean();
        home = configuredHome.path();
        TestHome.deleteTree(home);
        for (Location location : Location.values()) {
            Files.createDirectories(home.resolve(location.root()));
        }
        write("tools/kept/manifest.json", "{\"name\": \"dt-kept\", \"type\": \"tool\"}");
        write("tools/changed/manifest.json", "{\"name\": \"dt-changed\", \"type\": \"tool\", \"version\": \"1\"}");
        write("tools/gone/manifest.json", "{\"name\": \"dt-gone\", \"type\": \"tool\"}");
        write("plugins/p/manifest.json", "{\"name\": \"dt-p\", \"type\": \"plugin\", \"tool\": \"dt-kept\"}");
        given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan").then().statusCode(200).body("created", equalTo(4));
        write("tools/changed/manifest.json", "{\"name\": \"dt-changed\", \"type\": \"tool\", \"version\": \"2\"}");
        TestHome.deleteTree(home.resolve("tools/gone"));
        write("tools/new/manifest.json", "{\"name\": \"dt-new\", \"type\": \"tool\"}");
        write("plugins/q/manifest.json", "{\"name\": \"dt-q\", \"type\": \"plugin\", \"tool\": \"dt-new\"}");
        write("tools/broken/manifest.json", "{\"type\": \"tool\"}");
    }

    @AfterEach
    void tearDown() {
        TestHome.deleteTree(home);
    }

    private void write(String relative, String text) throws Exception {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aDryRunSaysWhatTheScanWouldDoAndWritesNothing() {
        String before = db.databaseDump();
        JsonPath dry = given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan?dry_run=true")
                .then().statusCode(200)
                .body("id", nullValue())
                .body("outcome", equalTo("dry_run"))
                .body("seen", equalTo(6))
                .body("created", equalTo(2))
                .body("updated", equalTo(1))
                .body("unchanged", equalTo(2))
                .body("switched_off", equalTo(1))
                .body("problem_count", equalTo(1))
                .body("problems[0].path", equalTo("tools/broken/manifest.json"))
                .extract().jsonPath();
        assertEquals(before, db.databaseDump(), "no row, version, event or run was written");
        List<Map<String, String>> changes = dry.getList("would_change");
        assertEquals(List.of(
                Map.of("action", "change", "kind", "tool", "name", "dt-changed", "path", "tools/changed/manifest.json"),
                Map.of("action", "create", "kind", "tool", "name", "dt-new", "path", "tools/new/manifest.json"),
                Map.of("action", "switch_off", "kind", "tool", "name", "dt-gone", "path", "tools/gone/manifest.json"),
                Map.of("action", "create", "kind", "plugin", "name", "dt-q", "path", "plugins/q/manifest.json")), changes);

        given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan").then().statusCode(200)
                .body("created", equalTo(2)).body("updated", equalTo(1)).body("unchanged", equalTo(2)).body("switched_off", equalTo(1))
                .body("$", not(hasKey("would_change")));
        String after = db.databaseDump();
        given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan?dry_run=true").then().statusCode(200)
                .body("created", equalTo(0)).body("updated", equalTo(0)).body("switched_off", equalTo(0))
                .body("would_change.size()", equalTo(0));
        assertEquals(after, db.databaseDump());
    }

    @Test
    void theLastRunIsStillTheLastRealOne() {
        given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan?dry_run=true").then().statusCode(200);
        given().auth().oauth2(db.token(Role.VIEWER)).get("/api/v1/discovery").then().statusCode(200)
                .body("last_run.outcome", equalTo("completed"))
                .body("last_run.created", equalTo(4));
    }

    @Test
    void aDryRunWaitsForNoScanItIsRefusedWhileOneRuns() throws Exception {
        db.whileAnotherScanHoldsTheLock(() -> given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan?dry_run=true")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("Another discovery scan is running")));
        given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan?dry_run=true").then().statusCode(200);
    }

    @Test
    void aDryRunFlagThatIsNotABooleanIsRefusedAndNothingScans() {
        String before = db.databaseDump();
        for (String value : new String[] { "yes", "1", "TRUE" }) {
            given().auth().oauth2(db.token(Role.ADMIN)).queryParam("dry_run", value).post("/api/v1/discovery/scan")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        assertEquals(before, db.databaseDump(), "no scan ran: a mistyped flag must not become a real scan");
        given().auth().oauth2(db.token(Role.ADMIN)).queryParam("dry_run", "false").post("/api/v1/discovery/scan")
                .then().statusCode(200).body("outcome", equalTo("completed"));
    }

    @Test
    void onlyAdminsRunADryRun() {
        given().auth().oauth2(db.token(Role.USER)).post("/api/v1/discovery/scan?dry_run=true").then().statusCode(403);
        given().auth().oauth2(db.token(Role.VIEWER)).post("/api/v1/discovery/scan?dry_run=true").then().statusCode(403);
        given().post("/api/v1/discovery/scan?dry_run=true").then().statusCode(401);
        given().auth().oauth2(db.token(Role.ADMIN)).get("/api/v1/discovery").then().statusCode(200)
                .body("last_run.problems.path", not(hasItem("tools/broken/manifest.json")));
    }
}
