package io.animus.registry.packaged;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.animus.registry.testing.PackagedAppSettings;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The key flows of the registry against the packaged application, as it runs in production:
 * the fast-jar, the AOT jar or the native binary, over HTTP, on a real PostgreSQL.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedAppSettings.class, restrictToAnnotatedClass = true)
class PackagedAppIT extends PackagedAppFlows {

    /** How soon a replica must refuse the tokens of a user changed on another one. */
    private static final long REFUSED_WITHIN_MS = 1_000;
    private static final String PASSWORD = "Replica-Harbour-Lantern-42";

    /**
     * Two replicas on one database: a deactivation, a role change or a password change made on one (A, the
     * application under test) refuses the user's existing access tokens on the other (B) within a second;
     * another user's token stays good on B.
     */
    @Test
    void aUsersTokensAreRefusedOnTheOtherReplicaWithinASecondOfAChange() throws Exception {
        int portB;
        try (ServerSocket free = new ServerSocket(0)) {
            portB = free.getLocalPort();
        }
        Path log = Files.createTempFile("animus-registry-replica-b", ".log");
        Process replicaB = PackagedAppSettings.startReplica(portB, log);
        try {
            int deactivated = user("viewer");
            String token = login(deactivated, PASSWORD);
            readsOnB(portB, token, 200);
            long elapsed = refusedOnB(portB, token, () -> given().header("Authorization", admin).delete("/api/v1/users/" + deactivated)
                    .then().statusCode(204));
            assertTrue(elapsed <= REFUSED_WITHIN_MS, "deactivation: refused on B after " + elapsed + " ms");

            int demoted = user("admin");
            String adminToken = login(demoted, PASSWORD);
            readsOnB(portB, adminToken, 200);
            elapsed = refusedOnB(portB, adminToken, () -> given().header("Authorization", admin).contentType(ContentType.JSON)
                    .body(Map.of("role", "viewer")).patch("/api/v1/users/" + demoted).then().statusCode(200));
            assertTrue(elapsed <= REFUSED_WITHIN_MS, "role change: refused on B after " + elapsed + " ms");

            int changed = user("user");
            String own = login(changed, PASSWORD);
            readsOnB(portB, own, 200);
            elapsed = refusedOnB(portB, own, () -> given().header("Authorization", "Bearer " + own).contentType(ContentType.JSON)
                    .body(Map.of("old_password", PASSWORD, "new_password", "Replica-Changed-Lantern-43"))
                    .put("/api/v1/users/me/password").then().statusCode(204));
            assertTrue(elapsed <= REFUSED_WITHIN_MS, "password change: refused on B after " + elapsed + " ms");

            readsOnB(portB, admin.substring("Bearer ".length()), 200);
            readsOnB(portB, login(changed, "Replica-Changed-Lantern-43"), 200);
        } finally {
            replicaB.destroy();
            if (!replicaB.waitFor(30, TimeUnit.SECONDS)) {
                replicaB.destroyForcibly();
            }
        }
    }

    private int user(String role) {
        String username = unique("replica-" + role);
        return given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "email", username + "@example.org", "password", PASSWORD, "role", role))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
    }

    private String login(int id, String password) {
        String username = given().header("Authorization", admin).get("/api/v1/users/" + id).then().statusCode(200).extract().path("username");
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/v1/auth/login").then().statusCode(200).extract().path("access_token");
    }

    private static void readsOnB(int portB, String token, int status) {
        given().port(portB).auth().oauth2(token).get("/api/v1/tools").then().statusCode(status);
    }

    /** Makes the change on A, then asks B every 20 ms until it refuses {@code token}; answers how long that took. */
    private static long refusedOnB(int portB, String token, Runnable change) throws InterruptedException {
        change.run();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            int status = given().port(portB).auth().oauth2(token).get("/api/v1/tools").statusCode();
            if (status == 401) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(20);
        }
        return Long.MAX_VALUE;
    }
}
