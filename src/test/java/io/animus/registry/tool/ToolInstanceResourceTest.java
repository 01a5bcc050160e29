package io.animus.registry.tool;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class ToolInstanceResourceTest {

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Inject
    Fixtures fixtures;

    Caller admin;
    Caller user;

    @BeforeEach
    void callers() {
        admin = fixtures.caller(Role.ADMIN);
        user = fixtures.caller(Role.USER);
    }

    int tool(String scope, Map<String, Object> schema) {
        Map<String, Object> body = new HashMap<>(Map.of("name", Fixtures.unique("tool"), "module_scope", scope));
        if (schema != null) {
            body.put("config_schema", schema);
        }
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(body).post("/api/v1/tools")
                .then().statusCode(201).extract().path("id");
    }

    int agent(Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("letta_uid", Fixtures.unique("letta"));
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(body).post("/api/v1/agents")
                .then().statusCode(201).extract().path("id");
    }

    Response instance(int tool, Map<String, Object> body) {
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/tools/" + tool + "/instances");
    }

    @Test
    void aGlobalToolHasAMasterInstanceAndAnyNumberOfAgentInstances() {
        int tool = tool("global", null);
        int athena = agent(Map.of());
        instance(tool, Map.of("name", "master")).then().statusCode(201).body("agent_id", equalTo(null))
                .body("module_scope", equalTo("global"));
        instance(tool, Map.of("name", "master 2")).then().statusCode(201);
        instance(tool, Map.of("agent_id", athena)).then().statusCode(201).body("agent_id", equalTo(athena));
        instance(tool, Map.of("agent_id", athena)).then().statusCode(201);
        given().header("Authorization", user.bearer()).get("/api/v1/tools/" + tool + "/instances").then().statusCode(200)
                .body("total", equalTo(4));
    }

    @Test
    void anAgentScopedToolNeedsAnAgentAndHasOneInstancePerAgent() {
        int tool = tool("agent", null);
        int athena = agent(Map.of());
        int monday = agent(Map.of());
        instance(tool, Map.of()).then().statusCode(422).body("errors.field", hasItem("agent_id"))
                .body("detail", containsString("agent-scoped"));
        int first = instance(tool, Map.of("agent_id", athena)).then().statusCode(201).body("module_scope", equalTo("agent"))
                .extract().path("id");
        instance(tool, Map.of("agent_id", athena)).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("at most one"));
        int other = instance(tool, Map.of("agent_id", monday)).then().statusCode(201).extract().path("id");
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("agent_id", athena))
                .put("/api/v1/tool-instances/" + other).then().statusCode(409);
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("agent_id", athena, "name", "kept"))
                .put("/api/v1/tool-instances/" + first).then().statusCode(200).body("name", equalTo("kept"));
        instance(tool, Map.of("agent_id", 999_999)).then().statusCode(422).body("errors.field", hasItem("agent_id"));
    }

    @Test
    void configIsValidatedAgainstTheToolsSchemaWithEachViolationsPath() {
        Map<String, Object> schema = Map.of("type", "object",
                "properties", Map.of(
                        "port", Map.of("type", "integer", "maximum", 65535),
                        "hosts", Map.of("type", "array", "items", Map.of("type", "string"))),
                "required", List.of("port"));
        int tool = tool("global", schema);
        instance(tool, Map.of("config", Map.of("port", 70000, "hosts", List.of("a", 5)))).then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("config.port", "config.hosts[1]"));
        instance(tool, Map.of("config", Map.of("hosts", List.of()))).then().statusCode(422)
                .body("errors.message", hasItem(containsString("port")));
        instance(tool, Map.of("config", Map.of("port", 8080, "hosts", List.of("a")))).then().statusCode(201)
                .body("config.port", equalTo(8080));
        // an instance not configured yet has no config to check
        instance(tool, Map.of("name", "unconfigured")).then().statusCode(201).body("config", equalTo(null));
    }

    @Test
    void lastRunAndNextRunAreReadableAndSettable() {
        int tool = tool("global", null);
        int id = instance(tool, Map.of("last_run", "2026-11-01T10:00:00Z", "next_run", "2026-11-02T10:00:00Z"))
                .then().statusCode(201).extract().path("id");
        given().header("Authorization", user.bearer()).get("/api/v1/tool-instances/" + id).then().statusCode(200)
                .body("last_run", equalTo("2026-11-01T10:00:00Z")).body("next_run", equalTo("2026-11-02T10:00:00Z"));
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("last_run", "2026-11-02T10:00:05Z", "next_run", "2026-11-03T10:00:00Z"))
                .put("/api/v1/tool-instances/" + id).then().statusCode(200).body("last_run", equalTo("2026-11-02T10:00:05Z"));
        instance(tool, Map.of("next_run", "tomorrow")).then().statusCode(422).body("errors.field", hasItem("next_run"));
    }

    @Test
    void instancesOfAnInvisibleAgentAreHiddenFromOtherUsers() {
        int tool = tool("global", null);
        int hidden = agent(Map.of("visible_to_roles", List.of("admin")));
        int id = instance(tool, Map.of("agent_id", hidden)).then().statusCode(201).extract().path("id");
        given().header("Authorization", user.bearer()).get("/api/v1/tool-instances/" + id).then().statusCode(404);
        given().header("Authorization", user.bearer()).queryParam("tool_id", tool).get("/api/v1/tool-instances")
                .then().statusCode(200).body("items.id", not(hasItem(id)));
        given().header("Authorization", admin.bearer()).queryParam("tool_id", tool).get("/api/v1/tool-instances")
                .then().statusCode(200).body("items.id", hasItem(id));
    }
}
