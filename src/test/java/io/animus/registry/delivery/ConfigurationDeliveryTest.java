package io.animus.registry.delivery;

import static io.animus.registry.delivery.ModuleKeys.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.config.ConfigFixtures;
import io.animus.registry.config.ConfigFixtures.Login;
import io.animus.registry.identity.Role;
import io.animus.registry.tool.ModuleScope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** A module reads its own effective configuration with its key: JSON, dotenv, versions, and the audit of its secrets. */
@QuarkusTest
class ConfigurationDeliveryTest {

    static final String DELIVERY = "/api/v1/delivery/configuration";

    @Inject
    ConfigFixtures fixtures;

    @Inject
    EntityManagerFactory entityManagerFactory;

    static Login admin;

    @BeforeEach
    void login() {
        if (admin == null) {
            admin = fixtures.user(Role.ADMIN);
        }
    }

    private void post(String path, Map<String, Object> body) {
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(body).post(path).then().statusCode(201);
    }

    /** An agent, an agent-scoped tool and its instance for that agent, with settings in every layer. */
    private record Module(int agent, int tool, int instance, String prefix) {
    }

    private Module module() throws Exception {
        String p = ConfigFixtures.unique("dlv.") + ".";
        int agent = fixtures.agent(List.of(-5), List.of("admin"));
        int tool = fixtures.tool(ModuleScope.AGENT);
        int instance = fixtures.instance(tool, agent, "{\"" + p + "port\": 8001, \"" + p + "features\": {\"x\": true}}");
        post("/api/v1/system-config", body("config_key", p + "region", "config_value", "eu", "config_type", "string"));
        post("/api/v1/agent-configs", body("agent_id", agent, "config_key", p + "model", "config_value", "claude"));
        post("/api/v1/configurations", body("key", p + "api_key", "value", "sk-agent-secret", "scope", "agent", "scope_id", agent,
                "is_encrypted", true));
        post("/api/v1/configurations", body("key", p + "port", "value", "7000", "type", "number", "scope", "tool", "scope_id", tool));
        post("/api/v1/configurations", body("key", p + "streaming", "value", "true", "type", "boolean", "scope", "tool", "scope_id", tool));
        // another agent's settings stay out
        post("/api/v1/configurations", body("key", p + "model", "value", "other", "scope", "agent", "scope_id", fixtures.agent(null, null)));
        return new Module(agent, tool, instance, p);
    }

    private static Response get(ModuleKeys.Key key) {
        return given().header("Authorization", key.authorization()).get(DELIVERY);
    }

    @Test
    void theKeyReadsTheEffectiveConfigurationOfItsScopeWithSecretsInPlaintext() throws Exception {
        Module m = module();
        ModuleKeys.Key key = ModuleKeys.create(admin.token(), "tool_instance_id", m.instance());
        Response answer = get(key);
        answer.then().statusCode(200).contentType(ContentType.JSON)
                .body("scope.agent_id", equalTo(m.agent())).body("scope.tool_id", equalTo(m.tool()))
                .body("scope.tool_instance_id", equalTo(m.instance()));
        JsonPath json = answer.jsonPath();
        String p = m.prefix();
        Map<String, Object> settings = json.getMap("settings");
        assertEquals("sk-agent-secret", settings.get(p + "api_key"), "the secret in plaintext");
        assertEquals("claude", settings.get(p + "model"), "the agent's own value, not another agent's");
        assertEquals(8001, settings.get(p + "port"), "the instance overrides the tool, typed");
        assertEquals(true, settings.get(p + "streaming"));
        assertEquals(Map.of("x", true), settings.get(p + "features"));
        assertEquals("eu", settings.get(p + "region"));
        assertEquals("instance", json.getString("sources.'" + p + "port'.layer"));
        assertEquals("tool_instances", json.getString("sources.'" + p + "port'.source"));
        assertEquals("agent", json.getString("sources.'" + p + "api_key'.layer"));
        assertEquals('"' + json.getString("version") + '"', answer.header("ETag"));

        // the same resolution as the effective configuration an admin reads
        List<Map<String, Object>> effective = given().auth().oauth2(admin.token()).queryParam("tool_instance_id", m.instance())
                .queryParam("reveal", true).get("/api/v1/configurations/effective").then().statusCode(200)
                .extract().jsonPath().getList("settings");
        assertEquals(effective.size(), settings.size());
        for (Map<String, Object> setting : effective) {
            assertEquals(setting.get("value"), settings.get(setting.get("key")), (String) setting.get("key"));
        }

        // keys bound to the tool and to the agent read their own scopes
        ModuleKeys.Key toolKey = ModuleKeys.create(admin.token(), "tool_id", m.tool());
        Map<String, Object> toolSettings = get(toolKey).then().statusCode(200).body("scope.tool_id", equalTo(m.tool()))
                .extract().jsonPath().getMap("settings");
        assertEquals(7000, toolSettings.get(p + "port"));
        assertFalse(toolSettings.containsKey(p + "api_key"), "a tool's key does not see an agent's values");
        ModuleKeys.Key agentKey = ModuleKeys.create(admin.token(), "agent_id", m.agent());
        Map<String, Object> agentSettings = get(agentKey).then().statusCode(200).extract().jsonPath().getMap("settings");
        assertEquals("sk-agent-secret", agentSettings.get(p + "api_key"));
        assertFalse(agentSettings.containsKey(p + "streaming"));
    }

    @Test
    void theVersionIsTheEntityTagAndAnUnchangedConfigurationIsA304() throws Exception {
        Module m = module();
        ModuleKeys.Key key = ModuleKeys.create(admin.token(), "tool_instance_id", m.instance());
        String etag = get(key).then().statusCode(200).extract().header("ETag");
        given().header("Authorization", key.authorization()).header("If-None-Match", etag).get(DELIVERY)
                .then().statusCode(304).header("ETag", etag).body(equalTo(""));
        for (String notMatching : List.of("\"stale\"", "garbage", "W/", "\"", ",,,", "\u00e9t\u00e9")) {
            given().header("Authorization", key.authorization()).header("If-None-Match", notMatching).get(DELIVERY)
                    .then().statusCode(200).header("ETag", etag);
        }
        post("/api/v1/configurations", body("key", m.prefix() + "new", "value", "1", "scope", "tool", "scope_id", m.tool()));
        String changed = given().header("Authorization", key.authorization()).header("If-None-Match", etag).get(DELIVERY)
                .then().statusCode(200).extract().header("ETag");
        assertFalse(etag.equals(changed), "a change gives a new version");
    }

    @Test
    void dotenvIsReadBackExactlyByBash() throws Exception {
        Module m = module();
        String p = m.prefix();
        String tricky = "a \"quoted\" $HOME `date` \\ back\\slash\nsecond line\ttab 'single' été ✓ !";
        post("/api/v1/configurations", body("key", p + "tricky", "value", tricky, "scope", "tool", "scope_id", m.tool(),
                "is_encrypted", true));
        post("/api/v1/configurations", body("key", p + "empty", "value", "", "scope", "tool", "scope_id", m.tool()));
        ModuleKeys.Key key = ModuleKeys.create(admin.token(), "tool_instance_id", m.instance());
        Response answer = given().header("Authorization", key.authorization()).accept("text/plain").get(DELIVERY);
        answer.then().statusCode(200).contentType(startsWith("text/plain"));
        String name = io.animus.registry.config.envvar.Dotenv.name(p + "tricky");
        Path file = Files.createTempFile("delivery", ".env");
        try {
            Files.write(file, answer.asByteArray());
            assertEquals(tricky, bash(file, name));
            assertEquals("sk-agent-secret", bash(file, io.animus.registry.config.envvar.Dotenv.name(p + "api_key")));
            assertEquals("8001", bash(file, io.animus.registry.config.envvar.Dotenv.name(p + "port")));
            assertEquals("{\"x\":true}", bash(file, io.animus.registry.config.envvar.Dotenv.name(p + "features")));
            assertEquals("", bash(file, io.animus.registry.config.envvar.Dotenv.name(p + "empty")));
        } finally {
            Files.deleteIfExists(file);
        }
        assertEquals(answer.header("ETag"), get(key).header("ETag"), "both forms have the version of the configuration");
    }

    /** The value of a variable after bash loads the file as a module's start script would. */
    private static String bash(Path file, String name) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", "set -a; . \"$1\"; set +a; printf '%s' \"${!2}\"", "bash",
                file.toString(), name).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void eachSecretVersionDeliveredToAKeyIsAuditedOnce() throws Exception {
        Module m = module();
        ModuleKeys.Key key = ModuleKeys.create(admin.token(), "tool_instance_id", m.instance());
        ModuleKeys.Key other = ModuleKeys.create(admin.token(), "agent_id", m.agent());
        String entry = "configurations:agent:" + m.agent() + ":" + m.prefix() + "api_key";
        for (int i = 0; i < 4; i++) {
            get(key).then().statusCode(200);
            given().header("Authorization", key.authorization()).accept("text/plain").get(DELIVERY).then().statusCode(200);
        }
        assertEquals("1", audits(entry, key.id()));
        get(other).then().statusCode(200);
        assertEquals("1", audits(entry, other.id()), "each key has its own audit");

        int id = Integer.parseInt(fixtures.value("SELECT id FROM configurations WHERE key = ?", m.prefix() + "api_key"));
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("value", "sk-rotated", "type", "string", "is_encrypted", true)).put("/api/v1/configurations/" + id)
                .then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            assertEquals("sk-rotated", get(key).jsonPath().getMap("settings").get(m.prefix() + "api_key"));
        }
        assertEquals("2", audits(entry, key.id()), "a new version is audited once more");
        assertEquals("0", fixtures.value("SELECT count(*) FROM secret_reveals WHERE service_key_id = ? AND entry_key IN (?, ?)",
                key.id(), "agent_configs:" + m.agent() + ":" + m.prefix() + "model", "system_config:" + m.prefix() + "region"),
                "values that are not secret are not audited");
    }

    private String audits(String entry, int keyId) {
        return fixtures.value("SELECT count(*) FROM secret_reveals WHERE purpose = 'delivery' AND entry_key = ? AND service_key_id = ?",
                entry, keyId);
    }

    @Test
    void onlyAModuleKeyReadsADeliveredConfiguration() throws Exception {
        given().get(DELIVERY).then().statusCode(401).contentType(startsWith("application/problem+json"));
        given().auth().oauth2(admin.token()).get(DELIVERY).then().statusCode(403).contentType(startsWith("application/problem+json"));
        given().header("Authorization", "ApiKey animus_sk_" + "A".repeat(43)).get(DELIVERY).then().statusCode(401);
        Module m = module();
        ModuleKeys.Key key = ModuleKeys.create(admin.token(), "tool_instance_id", m.instance());
        get(key).then().statusCode(200);
        ModuleKeys.revoke(admin.token(), key);
        get(key).then().statusCode(401).contentType(startsWith("application/problem+json"));
    }

    @Test
    void anUnchangedConfigurationIsAnsweredWithoutAnyStatement() throws Exception {
        Module m = module();
        ModuleKeys.Key key = ModuleKeys.create(admin.token(), "tool_instance_id", m.instance());
        String etag = get(key).then().statusCode(200).extract().header("ETag");
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        for (int attempt = 0; attempt < 3; attempt++) {
            statistics.clear();
            for (int i = 0; i < 5; i++) {
                given().header("Authorization", key.authorization()).header("If-None-Match", etag).get(DELIVERY)
                        .then().statusCode(304);
            }
            if (statistics.getPrepareStatementCount() == 0) {
                return;
            }
            // another part of the service may have used the database meanwhile: measure again
            Thread.sleep(200);
        }
        throw new AssertionError("an unchanged configuration took statements: " + statistics.getPrepareStatementCount());
    }

    @Test
    void aKeyRevokedInTheDatabaseDirectlyIsRefusedWithinMoments() throws Exception {
        Module m = module();
        ModuleKeys.Key key = ModuleKeys.create(admin.token(), "tool_id", m.tool());
        get(key).then().statusCode(200);
        get(key).then().statusCode(200);
        // another replica's revocation, or an operator's UPDATE: this replica hears of it from PostgreSQL
        fixtures.update("UPDATE service_keys SET revoked_at = now() WHERE id = ?", key.id());
        long start = System.nanoTime();
        while (get(key).statusCode() != 401) {
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "the revoked key is still accepted after 2 s");
            Thread.sleep(20);
        }
    }

    @Test
    void aWaitOutOfRangeIsRefusedAndNothingIsWritten() throws Exception {
        Module m = module();
        ModuleKeys.Key key = ModuleKeys.create(admin.token(), "tool_instance_id", m.instance());
        String before = fixtures.value("SELECT count(*) FROM secret_reveals");
        for (String wait : List.of("0", "301", "-1", "abc", "1.5", " ", "99999999999", "1e2", "' OR 1=1 --")) {
            given().header("Authorization", key.authorization()).queryParam("wait", wait).get(DELIVERY)
                    .then().statusCode(400).contentType(startsWith("application/problem+json"))
                    .body("detail", startsWith("wait"));
        }
        assertEquals(before, fixtures.value("SELECT count(*) FROM secret_reveals"), "a refused request reveals nothing");
    }
}
