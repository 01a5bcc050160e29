package io.animus.registry.images;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.animus.registry.testing.PackagedAppSettings;
import io.restassured.http.ContentType;

/**
 * How each image starts and stops: without settings it stops at once naming them; on a database the
 * migration image has not migrated it is never ready, and it is once the migration container ran; keys the
 * service's user cannot read (a Secret mounted without the pod's fsGroup) stop the start naming the
 * settings; on SIGTERM an in-flight request finishes and the container ends within the grace period
 * that the Kubernetes manifest and the systemd unit give it (40 s).
 */
class ImageLifecycleIT {

    static final Duration GRACE_PERIOD = Duration.ofSeconds(40);
    static final int MANIFESTS = 10_000;

    @ParameterizedTest
    @EnumSource(value = Images.class, names = { "JVM", "NATIVE", "NATIVE_MICRO" })
    void withoutSettingsTheContainerStopsAtOnceNamingThem(Images variant) {
        String image = variant.image();
        long start = System.nanoTime();
        Podman.Result result = Podman.run(Duration.ofSeconds(120), "run", "--rm", "--network=none", image);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertNotEquals(-1, result.exitCode(), "still running after 120 s: " + result.output());
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("QUARKUS_DATASOURCE_JDBC_URL"), result.output());
        assertTrue(result.output().contains("SMALLRYE_JWT_SIGN_KEY_LOCATION"), result.output());
        Deployment.figure(String.format("%-20s %-52s without settings: exit %d after %d ms", variant.key, image,
                result.exitCode(), millis));
    }

    @ParameterizedTest
    @EnumSource(value = Images.class, names = { "JVM", "NATIVE", "NATIVE_MICRO" })
    void aServingContainerOnAnUnmigratedDatabaseIsNotReadyUntilTheMigrationContainerRan(Images variant) {
        try (Deployment deployment = new Deployment(variant)) {
            long start = deployment.start(true);
            // Unmigrated, the container must not become ready: it stops (the first admin cannot be looked
            // up) or answers its readiness check with 503; either way no traffic reaches it.
            long deadline = start + Duration.ofSeconds(240).toNanos();
            int readiness = deployment.readiness();
            while (readiness != 503 && deployment.running() && System.nanoTime() < deadline) {
                assertNotEquals(200, readiness, "ready on an unmigrated database: " + deployment.logs());
                Deployment.sleep(250);
                readiness = deployment.readiness();
            }
            assertNotEquals(200, readiness, "ready on an unmigrated database: " + deployment.logs());
            boolean stopped = !deployment.running();
            assertTrue(stopped || readiness == 503, "neither stopped nor unready within 240 s: " + deployment.logs());

            assertEquals(0, deployment.migrate().exitCode());
            // As Kubernetes does: a stopped container is started again, a running one is probed until ready.
            Duration ready = stopped ? deployment.serve(true) : deployment.awaitReady(System.nanoTime());
            assertEquals(200, deployment.readiness());
            Deployment.figure(String.format("%-20s %-52s on an unmigrated database: %s; ready %d ms after the migration",
                    variant.key, deployment.image, stopped ? "stopped" : "answered 503", ready.toMillis()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Images.class, names = { "JVM", "NATIVE", "NATIVE_MICRO" })
    void keysTheUserCannotReadStopTheStartNamingTheSettings(Images variant) {
        try (Deployment deployment = new Deployment(variant)) {
            assertEquals(0, deployment.migrate().exitCode());
            IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> deployment.serve(false));
            assertTrue(stopped.getMessage().contains("stopped before it was ready"), stopped.getMessage());
            assertTrue(stopped.getMessage().contains("SMALLRYE_JWT_SIGN_KEY_LOCATION"), stopped.getMessage());
            assertTrue(stopped.getMessage().contains("cannot be read"), stopped.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Images.class, names = { "JVM", "NATIVE", "NATIVE_MICRO" })
    void onSigtermAnInFlightScanFinishesAndTheContainerEndsWithinTheGracePeriod(Images variant) throws Exception {
        try (Deployment deployment = new Deployment(variant)) {
            writeManifests(deployment.home);
            assertEquals(0, deployment.migrate().exitCode());
            deployment.serve(true);
            String admin = "Bearer " + given().port(deployment.port).contentType(ContentType.JSON)
                    .body(Map.of("username", "admin", "password", PackagedAppSettings.ADMIN_PASSWORD))
                    .post("/api/v1/auth/login").then().statusCode(200).extract().path("access_token");
            HttpRequest scan = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployment.port + "/api/v1/discovery/scan"))
                    .header("Authorization", admin).POST(HttpRequest.BodyPublishers.noBody()).build();
            CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient().sendAsync(scan,
                    HttpResponse.BodyHandlers.ofString());
            try (Connection db = DriverManager.getConnection(deployment.jdbcUrl(), "postgres", "")) {
                awaitScanInFlight(db, answer);
                long start = System.nanoTime();
                deployment.terminate();
                HttpResponse<String> response = answer.get(GRACE_PERIOD.toSeconds(), TimeUnit.SECONDS);
                int exit = deployment.awaitExit(GRACE_PERIOD);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().contains("\"seen\":" + (MANIFESTS + 1)), response.body());
                assertTrue(millis < GRACE_PERIOD.toMillis(), "ended " + millis + " ms after SIGTERM");
                assertTrue(List.of(0, 143).contains(exit), "exit code " + exit);
                assertEquals(MANIFESTS + 1, count(db, "SELECT seen FROM discovery_runs ORDER BY id DESC LIMIT 1"));
                Deployment.figure(String.format("%-20s %-52s SIGTERM during a scan of %d manifests: answered 200, exit %d after %d ms",
                        variant.key, deployment.image, MANIFESTS + 1, exit, millis));
            }
        }
    }

    /** Waits until the scan holds its advisory lock in the database, that is, until it is in flight. */
    private static void awaitScanInFlight(Connection db, CompletableFuture<HttpResponse<String>> answer) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == 0) {
            if (answer.isDone() || System.nanoTime() > deadline) {
                throw new AssertionError("the scan was not seen in flight (answered: " + answer.isDone() + ")");
            }
            Deployment.sleep(5);
        }
    }

    private static long count(Connection db, String query) throws SQLException {
        try (ResultSet rows = db.createStatement().executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void writeManifests(Path home) throws IOException {
        for (int i = 0; i < MANIFESTS; i++) {
            Path tool = Files.createDirectories(home.resolve("tools/bulk-" + i));
            Files.writeString(tool.resolve("manifest.json"), "{\"name\": \"bulk-" + i + "\", \"type\": \"tool\"}");
        }
    }
}
