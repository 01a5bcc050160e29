package io.animus.registry.discovery;

import io.animus.registry.discovery.home.AnimusHome;
import io.animus.registry.discovery.home.Location;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.database.StatementTimeouts;
import io.animus.registry.discovery.ScanReport.Trigger;
import io.animus.registry.identity.Role;
import io.animus.registry.tool.JsonSchemas;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A scan that runs out of time or memory, or fails otherwise, is recorded as a failed run with its reason,
 * writes nothing else, and the scan endpoint answers a problem (503 for time and memory, 500 otherwise);
 * the next scan completes. The reconciliation has its own statement budget, longer than a request's.
 */
@QuarkusTest
class DiscoveryFailuresTest {

    /** A tool whose config schema the scan checks, through {@link JsonSchemas}; new bytes each time, so it is read again. */
    private static String withSchema() {
        return "{\"name\": \"dt-schema\", \"type\": \"tool\", \"description\": \"" + java.util.UUID.randomUUID()
                + "\", \"config_schema\": {\"type\": \"object\"}}";
    }

    @Inject
    DiscoveryFixtures db;

    @Inject
    DiscoveryScan scan;

    @Inject
    AnimusHome configuredHome;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    StatementTimeouts timeouts;

    Path home;

    @BeforeEach
    void setUp() throws Exception {
        db.clean();
        home = configuredHome.path();
        TestHome.deleteTree(home);
        for (Location location : Location.values()) {
            Files.createDirectories(home.resolve(location.root()));
        }
        Files.createDirectories(home.resolve("tools/first"));
        Files.writeString(home.resolve("tools/first/manifest.json"), TestHome.toolJson("dt-first"));
        Files.createDirectories(home.resolve("tools/schema"));
        Files.writeString(home.resolve("tools/schema/manifest.json"), withSchema());
    }

    @AfterEach
    void tearDown() {
        TestHome.deleteTree(home);
    }

    @Test
    void aScanOutOfTimeIsRecordedAsFailedAndWritesNothing() {
        ScanResult result = scan.run(home, Trigger.MANUAL, null, Duration.ZERO);
        assertEquals(ScanResult.Failure.OUT_OF_TIME, result.failure());
        assertEquals(ScanReport.FAILED, result.report().outcome());
        Map<String, Object> run = db.row("SELECT outcome, problems::text AS problems FROM discovery_runs WHERE id = ?",
                result.report().id()).orElseThrow();
        assertEquals("failed", run.get("outcome"));
        assertTrue(run.get("problems").toString().contains("animus.discovery.walk-timeout"), run.toString());
        assertTrue(db.findTool("dt-first").isEmpty(), "a scan out of time writes no tool");

        ScanResult next = scan.run(home, Trigger.MANUAL, null, Duration.ofMinutes(1));
        assertEquals(null, next.failure());
        assertEquals(ScanReport.COMPLETED, next.report().outcome());
        assertTrue(db.findTool("dt-first").isPresent());
    }

    @Test
    void aScanOutOfMemoryIsRecordedAndTheEndpointAnswers503() {
        QuarkusMock.installMockForType(new JsonSchemas() {
            @Override
            public void checkSchema(JsonNode schema) {
                throw new OutOfMemoryError("Java heap space (as the test makes it)");
            }
        }, JsonSchemas.class);
        given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan").then().statusCode(503)
                .contentType("application/problem+json").body("status", equalTo(503))
                .body("detail", containsString("out of memory"))
                .body("detail", containsString("recorded as run"))
                .body("detail", org.hamcrest.Matchers.not(containsString("at io.")));
        Map<String, Object> run = db.row("SELECT outcome, problems::text AS problems FROM discovery_runs ORDER BY id DESC LIMIT 1")
                .orElseThrow();
        assertEquals("failed", run.get("outcome"));
        assertTrue(run.get("problems").toString().contains("out of memory"), run.toString());
        assertTrue(db.findTool("dt-first").isEmpty(), "a scan out of memory writes no tool");
        given().auth().oauth2(db.token(Role.ADMIN)).get("/api/v1/discovery").then().statusCode(200)
                .body("last_run.outcome", equalTo("failed"));
    }

    @Test
    void aScanThatFailsOtherwiseIsA500ProblemWithItsReason() {
        db.execute("CREATE FUNCTION dt_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$");
        db.execute("CREATE TRIGGER dt_refuse BEFORE INSERT ON tools FOR EACH ROW WHEN (NEW.name = 'dt-schema') EXECUTE FUNCTION dt_refuse()");
        try {
            given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan").then().statusCode(500)
                    .contentType("application/problem+json").body("detail", containsString("refused by the test"))
                    .body("detail", containsString("recorded as run"));
            assertTrue(db.findTool("dt-first").isEmpty(), "the tools written before the failure are rolled back with it");
        } finally {
            db.execute("DROP TRIGGER dt_refuse ON tools");
            db.execute("DROP FUNCTION dt_refuse()");
        }
        given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan").then().statusCode(200)
                .body("outcome", equalTo("completed"));
    }

    /**
     * The reconciliation's statements have its transaction's budget, not the request bound: a lock held
     * past the bound on a table only the reconciliation reads ({@code plugins}) is waited out.
     */
    @Test
    void theReconciliationOutlastsTheRequestBound() throws Exception {
        long holdMs = timeouts.timeout().toMillis() + 1_500;
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE plugins IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(holdMs);
                    locker.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            given().auth().oauth2(db.token(Role.ADMIN)).post("/api/v1/discovery/scan").then().statusCode(200)
                    .body("outcome", equalTo("completed"));
            assertTrue((System.nanoTime() - start) / 1_000_000 >= timeouts.timeout().toMillis(), "the scan waited for the lock");
            release.join();
        }
        assertTrue(db.findTool("dt-first").isPresent());
    }
}
