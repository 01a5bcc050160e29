package io.animus.registry.delivery;

import static io.animus.registry.delivery.ModuleKeys.body;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.config.ConfigFixtures;
import io.animus.registry.config.ConfigFixtures.Login;
import io.animus.registry.identity.Role;
import io.animus.registry.tool.ModuleScope;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code ?wait=} holds a request until its configuration changes, anywhere, or its key is revoked. */
@QuarkusTest
class LongPollTest {

    @TestHTTPResource("/api/v1/delivery/configuration")
    URI delivery;

    @Inject
    ConfigFixtures fixtures;

    @Inject
    HeldRequests held;

    static Login admin;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(java.util.concurrent.Executors.newFixedThreadPool(2)).build();

    @BeforeEach
    void login() {
        if (admin == null) {
            admin = fixtures.user(Role.ADMIN);
        }
    }

    private record Scope(int tool, int configuration, String key, ModuleKeys.Key moduleKey) {
    }

    private Scope scope() {
        String key = ConfigFixtures.unique("lp.");
        int tool = fixtures.tool(ModuleScope.GLOBAL);
        int configuration = given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("key", key, "value", "v1", "scope", "tool", "scope_id", tool)).post("/api/v1/configurations")
                .then().statusCode(201).extract().path("id");
        return new Scope(tool, configuration, key, ModuleKeys.create(admin.token(), "tool_id", tool));
    }

    private String etag(ModuleKeys.Key key) {
        return given().header("Authorization", key.authorization()).get(delivery).then().statusCode(200).extract().header("ETag");
    }

    private CompletableFuture<HttpResponse<String>> poll(ModuleKeys.Key key, String etag, int wait) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery + "?wait=" + wait))
                .header("Authorization", key.authorization()).header("If-None-Match", etag).timeout(Duration.ofSeconds(wait + 30)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private void update(Scope scope, String value) {
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("value", value, "type", "string", "is_encrypted", false)).put("/api/v1/configurations/" + scope.configuration())
                .then().statusCode(200);
    }

    private void waitUntilHeld(int count) throws InterruptedException {
        for (int i = 0; i < 200 && held.size() < count; i++) {
            Thread.sleep(25);
        }
        assertTrue(held.size() >= count, "requests held: " + held.size());
    }

    @Test
    void aChangeThroughTheApiAnswersTheHeldRequestWithTheNewConfiguration() throws Exception {
        Scope scope = scope();
        String etag = etag(scope.moduleKey());
        CompletableFuture<HttpResponse<String>> answer = poll(scope.moduleKey(), etag, 30);
        waitUntilHeld(1);
        assertFalse(answer.isDone(), "held while nothing changes");
        long changed = System.nanoTime();
        update(scope, "v2");
        HttpResponse<String> response = answer.get(5, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"" + scope.key() + "\":\"v2\""), response.body());
        assertFalse(etag.equals(response.headers().firstValue("ETag").orElseThrow()));
        assertTrue(millis < 2000, "answered " + millis + " ms after the change");
    }

    @Test
    void theWaitEndsWithA304WhenNothingChanges() throws Exception {
        Scope scope = scope();
        String etag = etag(scope.moduleKey());
        long start = System.nanoTime();
        HttpResponse<String> response = poll(scope.moduleKey(), etag, 1).get(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(304, response.statusCode());
        assertEquals(etag, response.headers().firstValue("ETag").orElseThrow());
        assertTrue(millis >= 950 && millis < 5000, "held for " + millis + " ms");

        // a stale version is answered at once, wait or not
        HttpResponse<String> stale = poll(scope.moduleKey(), "\"stale\"", 30).get(5, TimeUnit.SECONDS);
        assertEquals(200, stale.statusCode());
    }

    @Test
    void aChangeMadeByAnotherReplicaWakesTheHeldRequest() throws Exception {
        Scope scope = scope();
        CompletableFuture<HttpResponse<String>> answer = poll(scope.moduleKey(), etag(scope.moduleKey()), 30);
        waitUntilHeld(1);
        // another replica's (or psql's) transaction: this replica learns of it from PostgreSQL alone
        fixtures.update("UPDATE configurations SET value = 'from-elsewhere' WHERE id = ?", scope.configuration());
        HttpResponse<String> response = answer.get(5, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("from-elsewhere"), response.body());
    }

    @Test
    void aKeyRevokedWhileItsRequestIsHeldEndsItWith401AtOnce() throws Exception {
        Scope scope = scope();
        Scope other = scope();
        CompletableFuture<HttpResponse<String>> revoked = poll(scope.moduleKey(), etag(scope.moduleKey()), 60);
        CompletableFuture<HttpResponse<String>> untouched = poll(other.moduleKey(), etag(other.moduleKey()), 60);
        waitUntilHeld(2);
        long start = System.nanoTime();
        ModuleKeys.revoke(admin.token(), scope.moduleKey());
        HttpResponse<String> response = revoked.get(5, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(millis < 2000, "ended " + millis + " ms after the revocation");
        assertFalse(untouched.isDone(), "another key's request stays held");
        untouched.cancel(true);
    }

    @Test
    void heldRequestsHoldNeitherThreadsNorDatabaseConnections() throws Exception {
        Scope scope = scope();
        String etag = etag(scope.moduleKey());
        int heldBefore = held.size();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        String connections = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle'";
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            answers.add(poll(scope.moduleKey(), etag, 60));
        }
        waitUntilHeld(heldBefore + 100);
        int threadsHolding = ManagementFactory.getThreadMXBean().getThreadCount();
        // a thread per held request would add a hundred; the pools may grow a little for the burst of sign-ins
        assertTrue(threadsHolding - threadsBefore < 50, "threads: " + threadsBefore + " before, " + threadsHolding + " holding");
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            if (thread.getThreadId() == Thread.currentThread().getId()) {
                continue;
            }
            for (StackTraceElement frame : thread.getStackTrace()) {
                assertFalse(frame.getClassName().startsWith("io.animus.registry.delivery."),
                        "no thread waits in the delivery while requests are held: " + thread.getThreadName() + " at " + frame);
            }
        }
        assertEquals("1", fixtures.value(connections), "only this query's connection is busy");

        update(scope, "v-all");
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("v-all"));
        }
    }
}
