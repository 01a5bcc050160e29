package io.animus.registry.delivery;

import static io.animus.registry.delivery.ModuleKeys.body;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.animus.registry.config.ConfigFixtures;
import io.animus.registry.config.ConfigFixtures.Login;
import io.animus.registry.config.envvar.Dotenv;
import io.animus.registry.identity.Role;
import io.animus.registry.tool.ModuleScope;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The reference consumer under samples/ keeps a module's dotenv file in sync, as a real process. */
@QuarkusTest
class ReferenceConsumerTest {

    private static final Path PROGRAM = Path.of("samples/module-config/animus_config_sync.py");

    @TestHTTPResource("/")
    URI registry;

    @Inject
    ConfigFixtures fixtures;

    @Test
    void anUpdateReachesTheFileWithinTwoSecondsAndARevokedKeyStopsTheProgram() throws Exception {
        Login admin = fixtures.user(Role.ADMIN);
        String key = ConfigFixtures.unique("sync.");
        String secretKey = ConfigFixtures.unique("sync.secret.");
        int tool = fixtures.tool(ModuleScope.GLOBAL);
        int id = given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("key", key, "value", "first", "scope", "tool", "scope_id", tool)).post("/api/v1/configurations")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("key", secretKey, "value", "never-in-the-log", "scope", "tool", "scope_id", tool, "is_encrypted", true))
                .post("/api/v1/configurations").then().statusCode(201);
        ModuleKeys.Key moduleKey = ModuleKeys.create(admin.token(), "tool_id", tool);

        Path folder = Files.createTempDirectory("consumer");
        Path file = folder.resolve("module.env");
        Path log = folder.resolve("consumer.log");
        ProcessBuilder builder = new ProcessBuilder("python3", PROGRAM.toString(), "--output", file.toString(), "--wait", "30")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("ANIMUS_REGISTRY_URL", registry.toString());
        builder.environment().put("ANIMUS_MODULE_KEY", moduleKey.secret());
        Process consumer = builder.start();
        try {
            String line = Dotenv.name(key) + "=";
            waitUntil(() -> read(file).contains(line + "\"first\""), 10_000);
            assertTrue(read(file).contains(Dotenv.name(secretKey) + "=\"never-in-the-log\""));

            Thread.sleep(300); // the consumer is back in its long poll
            long changed = System.nanoTime();
            given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                    .body(body("value", "second", "type", "string", "is_encrypted", false)).put("/api/v1/configurations/" + id)
                    .then().statusCode(200);
            waitUntil(() -> read(file).contains(line + "\"second\""), 2_000);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed);
            assertTrue(millis <= 2000, "the file changed " + millis + " ms after the update");

            ModuleKeys.revoke(admin.token(), moduleKey);
            assertTrue(consumer.waitFor(10, TimeUnit.SECONDS), "a revoked key stops the consumer");
            assertEquals(3, consumer.exitValue());
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(output.contains("refused the module key"), output);
            assertFalse(output.contains("never-in-the-log") || output.contains("first") || output.contains("second")
                    || output.contains(moduleKey.secret()), "no value and no key in the output: " + output);
            assertTrue(read(file).contains(line + "\"second\""), "the file keeps its last contents");
            try (var leftovers = Files.list(folder)) {
                assertEquals(2, leftovers.count(), "no temporary file is left behind");
            }
        } finally {
            consumer.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void waitUntil(BooleanSupplier condition, long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), "reached within " + millis + " ms");
    }
}
