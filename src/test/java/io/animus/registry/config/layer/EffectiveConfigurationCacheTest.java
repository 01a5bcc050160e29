package io.animus.registry.config.layer;

import io.animus.registry.config.ConfigFixtures;
import io.animus.registry.config.SignedInAsEveryRole;

import io.animus.registry.config.layer.ConfigurationLayers;
import io.animus.registry.config.layer.LayerCache;
import io.animus.registry.config.layer.LayerReader;
import io.animus.registry.config.layer.LayerScope;
import io.animus.registry.config.layer.StoredLayers;

import static io.animus.registry.config.ConfigurationResourceTest.body;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.config.ConfigFixtures.Login;
import io.animus.registry.notify.SecondListener;
import io.animus.registry.tool.ModuleScope;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The effective configuration is read in one statement, served from each replica's cache, and that
 * cache follows every change: through each write path of the API at once, and by any other writer
 * (psql, another replica) through PostgreSQL's announcements.
 */
@QuarkusTest
class EffectiveConfigurationCacheTest extends SignedInAsEveryRole {

    private static final String EFFECTIVE = "/api/v1/configurations/effective";

    @Inject
    LayerCache cache;

    @Inject
    LayerReader reader;

    @Inject
    EntityManagerFactory entityManagerFactory;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void cacheListens() throws Exception {
        waitUntil(cache::active);
    }

    private int post(String path, Map<String, Object> body) {
        return given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(body).when().post(path)
                .then().statusCode(201).extract().path("id");
    }

    private void put(String path, Map<String, Object> body) {
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(body).when().put(path).then().statusCode(200);
    }

    private void delete(String path) {
        given().auth().oauth2(admin.token()).when().delete(path).then().statusCode(204);
    }

    /** The shown value of a key in the effective configuration of an instance, as a viewer reads it; null when absent. */
    private Object value(Login who, int instance, String key) {
        List<Map<String, Object>> settings = given().auth().oauth2(who.token()).queryParam("tool_instance_id", instance)
                .when().get(EFFECTIVE).then().statusCode(200).extract().jsonPath().getList("settings");
        return settings.stream().filter(s -> key.equals(s.get("key"))).map(s -> s.get("value")).findFirst().orElse(null);
    }

    private Statistics statistics() {
        return entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
    }

    @Test
    void anUncachedReadIsOneStatementAndACachedReadNone() throws Exception {
        String p = ConfigFixtures.unique("one.") + ".";
        int agent = fixtures.agent(null, null);
        int tool = fixtures.tool(ModuleScope.AGENT);
        int instance = fixtures.instance(tool, agent, "{\"" + p + "port\": 1}");
        post("/api/v1/system-config", body("config_key", p + "a", "config_value", "1", "config_type", "number"));
        post("/api/v1/configurations", body("key", p + "b", "value", "x", "scope", "agent", "scope_id", agent));
        post("/api/v1/configurations", body("key", p + "c", "value", "y", "scope", "tool", "scope_id", tool));
        post("/api/v1/agent-configs", body("agent_id", agent, "config_key", p + "d", "config_value", "s3cret", "is_encrypted", true));
        value(viewer, instance, p + "a"); // warm every code path once

        for (int attempt = 0; attempt < 3; attempt++) {
            cache.drop();
            Statistics statistics = statistics();
            statistics.clear();
            assertEquals("********", value(viewer, instance, p + "d"));
            long uncached = statistics.getPrepareStatementCount();
            statistics.clear();
            assertEquals("********", value(viewer, instance, p + "d"));
            long cached = statistics.getPrepareStatementCount();
            if (uncached == 1 && cached == 0) {
                return;
            }
            // another part of the service may have used the database meanwhile: measure again
            Thread.sleep(200);
        }
        throw new AssertionError("an uncached read took more than one statement, or a cached read any");
    }

    @Test
    void everyWritePathOfTheApiIsReadBackAtOnce() throws Exception {
        String p = ConfigFixtures.unique("w.") + ".";
        int agent = fixtures.agent(null, null);
        int tool = fixtures.tool(ModuleScope.AGENT);
        int instance = fixtures.instance(tool, agent, "{}");

        List<Step> steps = List.of(
                new Step("system-config created", () -> post("/api/v1/system-config",
                        body("config_key", p + "k", "config_value", "sys", "config_type", "string")), "sys"),
                new Step("system configuration created", () -> post("/api/v1/configurations",
                        body("key", p + "k", "value", "sysconf", "scope", "system")), "sysconf"),
                new Step("agent config created", () -> post("/api/v1/agent-configs",
                        body("agent_id", agent, "config_key", p + "k", "config_value", "agentcfg")), "agentcfg"),
                new Step("agent configuration created", () -> post("/api/v1/configurations",
                        body("key", p + "k", "value", "agentconf", "scope", "agent", "scope_id", agent)), "agentconf"),
                new Step("tool configuration created", () -> post("/api/v1/configurations",
                        body("key", p + "k", "value", "toolconf", "scope", "tool", "scope_id", tool)), "toolconf"),
                new Step("instance config updated", () -> {
                    put("/api/v1/tool-instances/" + instance, body("agent_id", agent, "config", Map.of(p + "k", "inst")));
                    return 0;
                }, "inst"),
                new Step("instance config updated again", () -> {
                    put("/api/v1/tool-instances/" + instance, body("agent_id", agent, "config", Map.of()));
                    return 0;
                }, "toolconf"));
        for (Step step : steps) {
            value(viewer, instance, p + "k"); // cached
            step.write().get();
            assertEquals(step.expected(), value(viewer, instance, p + "k"), step.name());
        }

        // updates and deletes, from the top down, each read back at once
        int toolConf = id("SELECT id FROM configurations WHERE key = ? AND scope = 'tool'", p + "k");
        put("/api/v1/configurations/" + toolConf, body("value", "toolconf2", "type", "string", "is_encrypted", false));
        assertEquals("toolconf2", value(viewer, instance, p + "k"));
        delete("/api/v1/configurations/" + toolConf);
        assertEquals("agentconf", value(viewer, instance, p + "k"));
        delete("/api/v1/configurations/" + id("SELECT id FROM configurations WHERE key = ? AND scope = 'agent'", p + "k"));
        assertEquals("agentcfg", value(viewer, instance, p + "k"));
        int agentCfg = id("SELECT id FROM agent_configs WHERE config_key = ?", p + "k");
        put("/api/v1/agent-configs/" + agentCfg, body("config_value", "agentcfg2", "config_type", "string", "is_encrypted", false));
        assertEquals("agentcfg2", value(viewer, instance, p + "k"));
        delete("/api/v1/agent-configs/" + agentCfg);
        assertEquals("sysconf", value(viewer, instance, p + "k"));
        delete("/api/v1/configurations/" + id("SELECT id FROM configurations WHERE key = ? AND scope = 'system'", p + "k"));
        assertEquals("sys", value(viewer, instance, p + "k"));
        put("/api/v1/system-config/" + p + "k", body("config_value", "sys2", "config_type", "string", "is_encrypted", false));
        assertEquals("sys2", value(viewer, instance, p + "k"));

        // a rollback restores the first version
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(Map.of("entry_key", "system_config:" + p + "k", "version", 1)).post("/api/v1/config-history/rollback")
                .then().statusCode(200);
        assertEquals("sys", value(viewer, instance, p + "k"));
        delete("/api/v1/system-config/" + p + "k");
        assertNull(value(viewer, instance, p + "k"));

        // the agent hidden from viewers: the same cached layers answer 404 to the viewer at once
        put("/api/v1/agents/" + agent, body("letta_uid", fixtures.value("SELECT letta_uid FROM agents WHERE id = ?", agent),
                "visible_to_roles", List.of("admin")));
        given().auth().oauth2(viewer.token()).queryParam("tool_instance_id", instance).when().get(EFFECTIVE)
                .then().statusCode(404);
        value(admin, instance, p + "k");

        // deleting the instance and then the tool
        delete("/api/v1/tool-instances/" + instance);
        given().auth().oauth2(admin.token()).queryParam("tool_instance_id", instance).when().get(EFFECTIVE).then().statusCode(404);
        given().auth().oauth2(admin.token()).queryParam("tool_id", tool).when().get(EFFECTIVE).then().statusCode(200);
        delete("/api/v1/tools/" + tool + "?cascade=true");
        given().auth().oauth2(admin.token()).queryParam("tool_id", tool).when().get(EFFECTIVE).then().statusCode(404);
    }

    private record Step(String name, Supplier<Integer> write, String expected) {
    }

    private int id(String sql, Object... parameters) {
        return Integer.parseInt(fixtures.value(sql, parameters));
    }

    @Test
    void aChangeMadeBehindTheServicesBackReachesTheCachedRead() throws Exception {
        String p = ConfigFixtures.unique("psql.") + ".";
        int agent = fixtures.agent(null, null);
        int tool = fixtures.tool(ModuleScope.AGENT);
        int instance = fixtures.instance(tool, agent, "{}");
        post("/api/v1/configurations", body("key", p + "k", "value", "before", "scope", "tool", "scope_id", tool));
        assertEquals("before", value(viewer, instance, p + "k"));
        LayerScope scope = new LayerScope(null, null, instance);
        assertNotNull(cache.peek(scope), "the read is cached");

        fixtures.update("UPDATE configurations SET value = 'after' WHERE key = ?", p + "k");
        waitUntil(() -> cache.peek(scope) == null);
        assertEquals("after", value(viewer, instance, p + "k"));

        // visibility changed elsewhere applies too
        assertNotNull(cache.peek(scope));
        fixtures.update("UPDATE agents SET visible_to_roles = '[\"admin\"]' WHERE id = ?", agent);
        waitUntil(() -> cache.peek(scope) == null);
        given().auth().oauth2(viewer.token()).queryParam("tool_instance_id", instance).when().get(EFFECTIVE).then().statusCode(404);
    }

    @Test
    void aWriteOnOneReplicaReachesTheCacheOfAnother() throws Exception {
        String p = ConfigFixtures.unique("two.") + ".";
        int tool = fixtures.tool(ModuleScope.GLOBAL);
        post("/api/v1/configurations", body("key", p + "k", "value", "v1", "scope", "tool", "scope_id", tool));
        LayerCache other = new LayerCache();
        other.transactions = cache.transactions;
        other.enabled = true;
        other.maxEntries = 100;
        LayerScope scope = new LayerScope(null, tool, null);
        try (SecondListener listener = new SecondListener(dataSource, List.of(other))) {
            waitUntil(other::active);
            assertEquals("v1", valueOn(other, scope, p + "k"));
            assertNotNull(other.peek(scope), "the other replica caches the layers");

            // written through this replica's API; the other replica hears of it from PostgreSQL
            int id = id("SELECT id FROM configurations WHERE key = ?", p + "k");
            put("/api/v1/configurations/" + id, body("value", "v2", "type", "string", "is_encrypted", false));
            waitUntil(() -> other.peek(scope) == null);
            assertEquals("v2", valueOn(other, scope, p + "k"));
        }
        assertTrue(!other.active(), "a replica whose listener is gone serves nothing from its cache");
        assertNull(other.peek(scope));
    }

    private String valueOn(LayerCache replica, LayerScope scope, String key) {
        StoredLayers layers = QuarkusTransaction.requiringNew().call(() -> replica.get(scope, reader::read));
        return layers.settings().stream().filter(s -> s.key().equals(key)).map(ConfigurationLayers.Resolved::value)
                .findFirst().orElse(null);
    }

    @Test
    void eachStoredVersionOfASecretIsDecryptedOnce() throws Exception {
        String p = ConfigFixtures.unique("dec.") + ".";
        int tool = fixtures.tool(ModuleScope.GLOBAL);
        int id = post("/api/v1/configurations", body("key", p + "k", "value", "first", "scope", "tool", "scope_id", tool,
                "is_encrypted", true));
        // the first reveal decrypts this version, and any secret of the system layer that other tests stored
        revealed(tool, p + "k", "first");
        double before = decryptions();
        for (int i = 0; i < 5; i++) {
            cache.drop();
            revealed(tool, p + "k", "first");
        }
        assertEquals(0.0, decryptions() - before, "five more reveals of a version already decrypted, no decryption");

        put("/api/v1/configurations/" + id, body("value", "second", "type", "string", "is_encrypted", true));
        for (int i = 0; i < 3; i++) {
            revealed(tool, p + "k", "second");
        }
        assertEquals(1.0, decryptions() - before, "a new version is decrypted once");
    }

    private void revealed(int tool, String key, String expected) {
        List<Map<String, Object>> settings = given().auth().oauth2(admin.token()).queryParam("tool_id", tool)
                .queryParam("reveal", true).when().get(EFFECTIVE).then().statusCode(200).extract().jsonPath().getList("settings");
        assertEquals(expected, settings.stream().filter(s -> key.equals(s.get("key"))).findFirst().orElseThrow().get("value"));
    }

    private double decryptions() {
        io.micrometer.core.instrument.Counter counter = meters.find("animus.secrets.decryptions").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), "condition reached within 5 s");
    }
}
