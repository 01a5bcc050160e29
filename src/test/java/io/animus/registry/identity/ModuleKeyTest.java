package io.animus.registry.identity;

import io.animus.registry.identity.servicekey.ServiceKeys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;

/**
 * Service keys of role {@code module}: bound to exactly one tool, tool instance or agent at creation,
 * carrying that scope into the request's identity, refused everywhere else, revoked with their scope,
 * rotated in one step.
 */
@QuarkusTest
class ModuleKeyTest {

    private static final String PROBE = "/test/identity/module-key";

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    Caller admin;
    Sql sql;

    @BeforeEach
    void setUp() {
        admin = fixtures.caller(Role.ADMIN);
        sql = new Sql(dataSource);
    }

    private Response post(String path, Object body) {
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(body).post(path);
    }

    /** A POST without a body, as rotate and revoke take it. */
    private Response post(String path) {
        return given().header("Authorization", admin.bearer()).post(path);
    }

    private int created(String path, Map<String, Object> body) {
        return post(path, body).then().statusCode(201).extract().path("id");
    }

    private int agent() {
        return created("/api/v1/agents", Map.of("letta_uid", Fixtures.unique("module-agent")));
    }

    private int tool(String scope) {
        return created("/api/v1/tools", Map.of("name", Fixtures.unique("module-tool"), "module_scope", scope));
    }

    private int instance(int agent) {
        return created("/api/v1/tools/" + tool("agent") + "/instances", Map.of("agent_id", agent));
    }

    private static Map<String, Object> moduleKey(String name, String field, Object id) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("role", "module");
        body.put(field, id);
        return body;
    }

    private long keysNamed(String name) {
        return sql.value(Long.class, "SELECT count(*) FROM service_keys WHERE name = ?", name);
    }

    private static Response probe(String key) {
        return given().header("Authorization", "ApiKey " + key).get(PROBE);
    }

    @Test
    void aModuleKeyIsBoundToItsScopeAndCarriesItIntoTheRequest() {
        int agent = agent();
        Map<String, Integer> scopes = Map.of("tool_id", tool("global"), "tool_instance_id", instance(agent), "agent_id", agent);
        for (Map.Entry<String, Integer> scope : scopes.entrySet()) {
            String name = Fixtures.unique("mcp");
            Response created = post("/api/v1/service-keys", moduleKey(name, scope.getKey(), scope.getValue()));
            created.then().statusCode(201).header("Cache-Control", "no-store")
                    .body("role", equalTo("module")).body(scope.getKey(), equalTo(scope.getValue()))
                    .body("key", matchesPattern("animus_sk_[A-Za-z0-9_-]{43}"));
            int id = created.path("id");
            String key = created.path("key");
            assertEquals(ServiceKeys.hash(key), sql.value(String.class, "SELECT key_hash FROM service_keys WHERE id = ?", id));

            probe(key).then().statusCode(200).body("key_id", equalTo(id)).body("module_key_id", equalTo(id))
                    .body("name", equalTo(name)).body("scope", equalTo(scope.getKey().replace("_id", "")))
                    .body("scope_id", equalTo(scope.getValue()));
            given().header("Authorization", admin.bearer()).get("/api/v1/service-keys/" + id).then().statusCode(200)
                    .body(scope.getKey(), equalTo(scope.getValue())).body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("key")));
            assertNotNull(sql.value(java.sql.Timestamp.class, "SELECT last_used_at FROM service_keys WHERE id = ?", id),
                    "use is recorded on the key");
        }
    }

    @Test
    void aModuleKeyNeedsExactlyOneScopeAndNothingIsWrittenOtherwise() {
        int agent = agent();
        int tool = tool("global");
        String name = Fixtures.unique("mcp");
        post("/api/v1/service-keys", Map.of("name", name, "role", "module")).then().statusCode(422)
                .contentType(containsString("application/problem+json")).body("detail", containsString("exactly one"));
        post("/api/v1/service-keys", Map.of("name", name, "role", "module", "tool_id", tool, "agent_id", agent)).then().statusCode(422)
                .contentType(containsString("application/problem+json")).body("detail", containsString("tool_id and agent_id"));
        // a broca key is bound to nothing
        post("/api/v1/service-keys", Map.of("name", name, "tool_id", tool)).then().statusCode(422)
                .body("errors[0].field", equalTo("tool_id"));
        post("/api/v1/service-keys", Map.of("name", name, "role", "broca", "agent_id", agent)).then().statusCode(422);
        assertEquals(0, keysNamed(name));
    }

    @Test
    void anUnknownScopeIsA404AndHostileIdsAreRefused() {
        String name = Fixtures.unique("mcp");
        for (String field : new String[] { "tool_id", "tool_instance_id", "agent_id" }) {
            post("/api/v1/service-keys", moduleKey(name, field, Integer.MAX_VALUE)).then().statusCode(404)
                    .contentType(containsString("application/problem+json")).body("detail", containsString(String.valueOf(Integer.MAX_VALUE)));
            post("/api/v1/service-keys", moduleKey(name, field, 0)).then().statusCode(422)
                    .contentType(containsString("application/problem+json"));
            post("/api/v1/service-keys", moduleKey(name, field, -7)).then().statusCode(422);
            post("/api/v1/service-keys", moduleKey(name, field, "7; DROP TABLE service_keys")).then().statusCode(422)
                    .contentType(containsString("application/problem+json"));
            post("/api/v1/service-keys", moduleKey(name, field, 1e30)).then().statusCode(422);
            post("/api/v1/service-keys", moduleKey(name, field, Map.of("id", 1))).then().statusCode(422)
                    .body("errors[0].field", equalTo(field));
        }
        post("/api/v1/service-keys", Map.of("name", name, "role", "root")).then().statusCode(422)
                .body("detail", containsString("broca, module"));
        assertEquals(0, keysNamed(name));
    }

    @Test
    void aModuleKeyReadsNothingElse() {
        int agent = agent();
        String key = post("/api/v1/service-keys", moduleKey(Fixtures.unique("mcp"), "agent_id", agent)).then().statusCode(201)
                .extract().path("key");
        for (String path : new String[] { "/api/v1/agents", "/api/v1/agents/" + agent, "/api/v1/tools", "/api/v1/configurations",
                "/api/v1/system-config", "/api/v1/agent-configs", "/api/v1/env-vars", "/api/v1/service-keys", "/api/v1/users",
                "/api/v1/auth/sessions", "/api/v1/discovery", "/api/v1/chat/sessions" }) {
            given().header("Authorization", "ApiKey " + key).get(path).then().statusCode(403)
                    .contentType(containsString("application/problem+json"));
        }
        given().header("X-Api-Key", key).contentType(ContentType.JSON).body(Map.of("limit", 1, "lease_seconds", 1))
                .post("/api/v1/chat/broca/claim").then().statusCode(403);
        given().header("X-Api-Key", key).contentType(ContentType.JSON).body(Map.of("name", "escalate"))
                .post("/api/v1/service-keys").then().statusCode(403);
        probe(key).then().statusCode(200);
    }

    @Test
    void onlyAModuleKeyActsAsAModule() {
        String broca = post("/api/v1/service-keys", Map.of("name", Fixtures.unique("broca"))).then().statusCode(201).extract().path("key");
        probe(broca).then().statusCode(403);
        for (Role role : Role.values()) {
            given().header("Authorization", fixtures.caller(role).bearer()).get(PROBE).then().statusCode(403);
        }
        given().get(PROBE).then().statusCode(401);
        // the registry never issues a token naming the module role; were it to, the token would not act as one
        String token = Jwt.upn(admin.username()).subject(String.valueOf(admin.id())).groups(Set.of(Roles.MODULE, Roles.VIEWER))
                .expiresIn(60).sign();
        given().header("Authorization", "Bearer " + token).get(PROBE).then().statusCode(403);
        given().header("Authorization", "Bearer " + token).get("/api/v1/agents").then().statusCode(200);
    }

    @Test
    void deletingTheBoundScopeRevokesItsKeys() {
        int agent = agent();
        int instance = instance(agent);
        int globalTool = tool("global");
        int instanceKey = post("/api/v1/service-keys", moduleKey(Fixtures.unique("inst"), "tool_instance_id", instance)).path("id");
        Map<String, String> keys = new HashMap<>();
        for (Map.Entry<String, Integer> scope : Map.of("tool_instance_id", instance, "agent_id", agent, "tool_id", globalTool).entrySet()) {
            keys.put(scope.getKey(), post("/api/v1/service-keys", moduleKey(Fixtures.unique("scoped"), scope.getKey(), scope.getValue()))
                    .then().statusCode(201).extract().path("key"));
        }
        keys.values().forEach(key -> probe(key).then().statusCode(200));

        // The keys are verified and cached above. The database revokes the deleted scope's keys and announces it,
        // but the announcement reaches this replica's listener a moment after the 204: the probe right after it
        // raced with the announcement (and sometimes won, on a busy machine) while the delete itself forgot no
        // key. The deleting replica now forgets its verified keys when the delete commits, before it answers.
        given().header("Authorization", admin.bearer()).delete("/api/v1/tool-instances/" + instance).then().statusCode(204);
        probe(keys.get("tool_instance_id")).then().statusCode(401).contentType(containsString("application/problem+json"));
        probe(keys.get("agent_id")).then().statusCode(200);
        given().header("Authorization", admin.bearer()).get("/api/v1/service-keys/" + instanceKey).then().statusCode(200)
                .body("is_revoked", equalTo(true)).body("revoked_at", notNullValue()).body("tool_instance_id", nullValue());

        given().header("Authorization", admin.bearer()).queryParam("cascade", true).delete("/api/v1/agents/" + agent).then().statusCode(204);
        probe(keys.get("agent_id")).then().statusCode(401);
        // a delete made in the database directly revokes too
        sql.update("DELETE FROM tools WHERE id = ?", globalTool);
        // this replica hears of it through the database's announcement, a moment later
        long deadline = System.currentTimeMillis() + 5_000;
        while (probe(keys.get("tool_id")).statusCode() != 401 && System.currentTimeMillis() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        probe(keys.get("tool_id")).then().statusCode(401);
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM service_keys WHERE role = 'module' AND revoked_at IS NULL"
                + " AND num_nonnulls(tool_id, tool_instance_id, agent_id) = 0"));
    }

    @Test
    void theDatabaseHoldsTheScopeRuleToo() {
        int agent = agent();
        int tool = tool("global");
        String insert = "INSERT INTO service_keys (name, key_hash, role, tool_id, agent_id) VALUES (?, ?, ?, ?, ?)";
        sql.refusedBy(Sql.CHECK, "ck_service_keys_scope", insert, Fixtures.unique("none"), ServiceKeys.hash(ServiceKeys.generate()),
                "module", null, null);
        sql.refusedBy(Sql.CHECK, "ck_service_keys_scope", insert, Fixtures.unique("two"), ServiceKeys.hash(ServiceKeys.generate()),
                "module", tool, agent);
        sql.refusedBy(Sql.CHECK, "ck_service_keys_scope", insert, Fixtures.unique("broca"), ServiceKeys.hash(ServiceKeys.generate()),
                "broca", tool, null);
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_service_keys_agent", insert, Fixtures.unique("gone"), ServiceKeys.hash(ServiceKeys.generate()),
                "module", null, Integer.MAX_VALUE);
        String name = Fixtures.unique("one");
        sql.update(insert, name, ServiceKeys.hash(ServiceKeys.generate()), "module", null, agent);
        assertEquals(1, keysNamed(name));
    }

    @Test
    void revokedAndRotatedKeysAuthenticateNothing() {
        int agent = agent();
        String name = Fixtures.unique("mcp");
        Response first = post("/api/v1/service-keys", moduleKey(name, "agent_id", agent));
        int firstId = first.path("id");
        String firstKey = first.path("key");

        Response rotated = post("/api/v1/service-keys/" + firstId + "/rotate");
        rotated.then().statusCode(201).header("Cache-Control", "no-store").header("Location", containsString("/api/v1/service-keys/"))
                .body("name", equalTo(name)).body("role", equalTo("module")).body("agent_id", equalTo(agent))
                .body("key", matchesPattern("animus_sk_[A-Za-z0-9_-]{43}"));
        int secondId = rotated.path("id");
        String secondKey = rotated.path("key");
        probe(firstKey).then().statusCode(401);
        probe(secondKey).then().statusCode(200).body("module_key_id", equalTo(secondId)).body("scope_id", equalTo(agent));
        assertNotNull(sql.value(java.sql.Timestamp.class, "SELECT revoked_at FROM service_keys WHERE id = ?", firstId));

        post("/api/v1/service-keys/" + firstId + "/rotate").then().statusCode(409)
                .contentType(containsString("application/problem+json"));
        post("/api/v1/service-keys/2147483647/rotate").then().statusCode(404);
        given().header("Authorization", fixtures.caller(Role.USER).bearer()).post("/api/v1/service-keys/" + secondId + "/rotate")
                .then().statusCode(403);
        given().header("Authorization", "ApiKey " + secondKey).post("/api/v1/service-keys/" + secondId + "/rotate")
                .then().statusCode(403);
        assertEquals(2, keysNamed(name));

        post("/api/v1/service-keys/" + secondId + "/revoke").then().statusCode(200);
        probe(secondKey).then().statusCode(401);
        assertNull(sql.value(Integer.class, "SELECT tool_id FROM service_keys WHERE id = ?", secondId));
    }
}
