package io.animus.registry.template;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** {@code POST /api/v1/templates/export}: an agent exported with its secrets to be supplied, and applied back. */
@QuarkusTest
class AgentExportTest {

    static final String SECRET = "sk-exported-secret-8812";

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource dataSource;

    Caller admin;
    Sql sql;

    @BeforeEach
    void setUp() {
        admin = fixtures.caller(Role.ADMIN);
        sql = new Sql(dataSource);
    }

    RequestSpecification as(Caller caller) {
        return given().header("Authorization", caller.bearer()).contentType(ContentType.JSON);
    }

    int post(String path, Map<String, Object> body) {
        return as(admin).body(body).post(path).then().statusCode(201).extract().path("id");
    }

    @Test
    void anExportedAgentAppliedWithItsSecretMakesAnEquivalentAgent() {
        String toolName = Fixtures.unique("export-tool");
        int tool = post("/api/v1/tools", Map.of("name", toolName, "module_scope", "agent",
                "config_schema", Map.of("type", "object", "properties", Map.of("depth", Map.of("type", "integer")))));
        int source = post("/api/v1/agents", Map.of("letta_uid", Fixtures.unique("source"), "name", Fixtures.unique("Source"),
                "description", "The original", "config", Map.of("model", "gpt-4o", "temperature", 0.2), "visible_to_roles", List.of("admin", "user")));
        post("/api/v1/agent-configs", Map.of("agent_id", source, "config_key", "llm.model", "config_value", "gpt-4o"));
        post("/api/v1/agent-configs", Map.of("agent_id", source, "config_key", "llm.retries", "config_value", "3", "config_type", "number"));
        post("/api/v1/agent-configs", Map.of("agent_id", source, "config_key", "llm.api-key", "config_value", SECRET, "is_encrypted", true));
        post("/api/v1/tools/" + tool + "/instances", Map.of("agent_id", source, "name", "deep-search", "config", Map.of("depth", 3)));

        String templateName = Fixtures.unique("exported");
        var exported = as(admin).body(Map.of("agent_id", source, "name", templateName, "description", "From the original"))
                .post("/api/v1/templates/export").then().statusCode(201)
                .header("Location", containsString("/api/v1/templates/"))
                .body("name", equalTo(templateName)).body("kind", equalTo("agent"))
                .body("parameters.name", equalTo(List.of("name", "letta_uid", "llm_api_key")))
                .body("parameters[2].type", equalTo("secret"))
                .body("settings.find { it.key == 'llm.api-key' }.value", equalTo("{{llm_api_key}}"))
                .body("settings.find { it.key == 'llm.api-key' }.is_encrypted", equalTo(true))
                .body("tool_instances", hasSize(1)).body("tool_instances[0].tool", equalTo(toolName))
                .body(not(containsString(SECRET))).body(not(containsString("enc:v1:"))).extract();
        int template = exported.path("id");
        String storedTemplate = sql.value(String.class, "SELECT settings::text || parameters::text || fields::text FROM templates WHERE id = ?", template);
        assertEquals(false, storedTemplate.contains(SECRET) || storedTemplate.contains("enc:v1:"), "the template holds no secret");

        String name = Fixtures.unique("Copy");
        int copy = as(admin).body(Map.of("values", Map.of("name", name, "letta_uid", name + "-uid", "llm_api_key", SECRET)))
                .post("/api/v1/templates/" + template + "/apply").then().statusCode(201).extract().path("agent.id");

        as(admin).get("/api/v1/agents/" + copy).then().statusCode(200).body("name", equalTo(name))
                .body("description", equalTo("The original")).body("config.temperature", equalTo(0.2f))
                .body("visible_to_roles", equalTo(List.of("admin", "user")));
        assertEquals(settings(source), settings(copy));
        assertEquals(reveal(source, "llm.api-key"), reveal(copy, "llm.api-key"));
        assertEquals(sql.strings("SELECT t.name || ':' || coalesce(i.name, '') || ':' || i.config::text FROM tool_instances i JOIN tools t ON t.id = i.tool_id WHERE agent_id = ?", source),
                sql.strings("SELECT t.name || ':' || coalesce(i.name, '') || ':' || i.config::text FROM tool_instances i JOIN tools t ON t.id = i.tool_id WHERE agent_id = ?", copy));
    }

    @Test
    void anExportOfAnAgentThatDoesNotExistOrUnderATakenNameMakesNoTemplate() {
        long before = sql.value(Long.class, "SELECT count(*) FROM templates");
        as(admin).body(Map.of("agent_id", 999_999, "name", Fixtures.unique("ghost"))).post("/api/v1/templates/export").then()
                .statusCode(422).contentType("application/problem+json").body("errors.field", equalTo(List.of("agent_id")));
        int agent = post("/api/v1/agents", Map.of("letta_uid", Fixtures.unique("plain")));
        String name = Fixtures.unique("exported");
        as(admin).body(Map.of("agent_id", agent, "name", name)).post("/api/v1/templates/export").then().statusCode(201);
        as(admin).body(Map.of("agent_id", agent, "name", name)).post("/api/v1/templates/export").then().statusCode(409);
        as(admin).body(Map.of("agent_id", agent)).post("/api/v1/templates/export").then().statusCode(422)
                .body("errors.field", equalTo(List.of("name")));
        assertEquals(before + 1, sql.value(Long.class, "SELECT count(*) FROM templates"));
    }

    /** An agent's settings as key, type, flag and (for plain ones) value. */
    private String settings(int agent) {
        return sql.strings("SELECT config_key || ':' || config_type || ':' || is_encrypted || ':' || CASE WHEN is_encrypted THEN '' ELSE coalesce(config_value, '') END"
                + " FROM agent_configs WHERE agent_id = ? ORDER BY config_key", agent).stream().collect(Collectors.joining(","));
    }

    private String reveal(int agent, String key) {
        int id = sql.value(Integer.class, "SELECT id FROM agent_configs WHERE agent_id = ? AND config_key = ?", agent, key);
        return as(admin).get("/api/v1/agent-configs/" + id + "/reveal").then().statusCode(200).extract().path("config_value");
    }
}
