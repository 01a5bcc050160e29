package io.animus.registry.discovery;

import io.animus.registry.discovery.home.AnimusHome;
import io.animus.registry.discovery.home.Location;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code /api/v1/discovery}, the discovery health group and the metrics, against the configured
 * test home ({@code target/discovery-test-home}).
 */
@QuarkusTest
class DiscoveryResourceTest {

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
        Files.createDirectories(home.resolve("tools/broca"));
        Files.writeString(home.resolve("tools/broca/manifest.json"), TestHome.toolJson("dt-rest-broca"));
        Files.createDirectories(home.resolve("tools/broken"));
        Files.writeString(home.resolve("tools/broken/manifest.json"), "{\"type\": \"tool\"}");
    }

    @AfterEach
    void tearDown() {
        TestHome.deleteTree(home);
    }

    @Test
    void everyRoleReadsTheStatus() {
        for (Role role : Role.values()) {
            given().auth().oauth2(db.token(role)).get("/api/v1/discovery")
                    .then().statusCode(200)
                    .body("home", endsWith("discovery-test-home"))
                    .body("every", equalTo("off"))
                    .body("last_run", nullValue());
        }
    }

    @Test
    void theStatusNeedsAToken() {
        given().get("/api/v1/discovery").then().statusCode(401);
        given().post("/api/v1/discovery/scan").then().statusCode(401);
    }

    @Test
    void anAdminScansNowAndEveryoneSeesTheRun() {
        given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan")
                .then().statusCode(200)
                .body("id", notNullValue())
                .body("triggered_by", equalTo("manual"))
                .body("outcome", equalTo("completed"))
                .body("seen", equalTo(2))
                .body("created", equalTo(1))
                .body("switched_off", equalTo(0))
                .body("problem_count", equalTo(1))
                .body("problems[0].path", equalTo("tools/broken/manifest.json"))
                .body("problems[0].reason", containsString("\"name\""))
                .body("duration_ms", notNullValue())
                .body("started_at", notNullValue());
        for (Role role : Role.values()) {
            given().auth().oauth2(db.token(role)).get("/api/v1/discovery")
                    .then().statusCode(200)
                    .body("last_run.created", equalTo(1))
                    .body("last_run.unchanged", equalTo(0))
                    .body("last_run.problems.path", hasItem("tools/broken/manifest.json"));
        }
        given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan")
                .then().statusCode(200).body("created", equalTo(0)).body("unchanged", equalTo(1));
    }

    @Test
    void usersAndViewersCannotScan() {
        given().auth().oauth2(db.token(Role.USER)).post("/api/v1/discovery/scan").then().statusCode(403);
        given().auth().oauth2(db.token(Role.VIEWER)).post("/api/v1/discovery/scan").then().statusCode(403);
        given().auth().oauth2(db.token(Role.ADMIN)).get("/api/v1/discovery").then().statusCode(200).body("last_run", nullValue());
    }

    @Test
    void aScanWhileAnotherHoldsTheLockIsAConflict() throws Exception {
        db.whileAnotherScanHoldsTheLock(() -> given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("Another discovery scan is running")));
    }

    @Test
    void theDiscoveryHealthGroupReportsTheHomeWithoutTouchingReadinessOrLiveness() throws Exception {
        given().get("/q/health/group/discovery").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].data.tools", equalTo("ok"));
        TestHome.deleteTree(home.resolve("tools"));
        given().get("/q/health/group/discovery").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks[0].data.tools", equalTo("missing"))
                .body("checks[0].data.plugins", equalTo("ok"));
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", not(hasItem("Animus home for module discovery")));
        given().get("/q/health/live").then().statusCode(200).body("checks.name", not(hasItem("Animus home for module discovery")));
        given().get("/q/health").then().statusCode(200).body("checks.name", not(hasItem("Animus home for module discovery")));
        TestHome.deleteTree(home);
        given().get("/q/health/group/discovery").then().statusCode(503).body("checks[0].data.agents", containsString("not usable"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theScanIsMeasuredWithoutPathsInLabels() {
        given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("animus_discovery_scan_seconds_count{outcome=\"completed\"}"), metrics);
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("animus_discovery_last_scan{count=\"seen\"} 2.0"));
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("animus_discovery_last_scan{count=\"problems\"} 1.0"));
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("animus_discovery_entries_total{outcome=\"created\"}"));
        org.junit.jupiter.api.Assertions.assertFalse(metrics.contains("manifest.json"), "no path in any label");
    }
}
