package io.animus.registry.template;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.config.agent.AgentConfigRequest;
import io.animus.registry.config.agent.AgentConfigStore;
import io.animus.registry.config.ValueType;
import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * {@code POST /api/v1/templates/{id}/apply}: an application makes the agent (or tool), its settings and
 * tool instances at once, or, for a missing or invalid value, a taken name, an unknown tool or a
 * config its tool's schema refuses, answers a problem naming each and makes nothing.
 */
@QuarkusTest
class TemplateApplyTest {

    static final String SECRET = "sk-template-secret-4417";

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AgentConfigStore agentSettings;

    Caller admin;
    Sql sql;
    String searchTool;
    String memoryTool;

    @BeforeEach
    void setUp() {
        admin = fixtures.caller(Role.ADMIN);
        sql = new Sql(dataSource);
        searchTool = tool("agent", Map.of("type", "object", "required", List.of("max_results"), "additionalProperties", false,
                "properties", Map.of("max_results", Map.of("type", "integer", "minimum", 1, "maximum", 50),
                        "region", Map.of("type", "string"))));
        memoryTool = tool("global", null);
    }

    RequestSpecification as(Caller caller) {
        return given().header("Authorization", caller.bearer()).contentType(ContentType.JSON);
    }

    String tool(String scope, Map<String, Object> schema) {
        String name = Fixtures.unique("template-tool");
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "module_scope", scope));
        if (schema != null) {
            body.put("config_schema", schema);
        }
        as(admin).body(body).post("/api/v1/tools").then().statusCode(201);
        return name;
    }

    /** An agent template asking for a name, a letta_uid, a result count, a region and an API key (a secret). */
    Map<String, Object> agentTemplate() {
        return new HashMap<>(Map.of(
                "name", Fixtures.unique("support-agent"),
                "description", "A support agent with search",
                "kind", "agent",
                "parameters", List.of(
                        Map.of("name", "name", "type", "string"),
                        Map.of("name", "letta_uid", "type", "string", "description", "the Letta uid"),
                        Map.of("name", "max_results", "type", "number", "required", false, "default", 5),
                        Map.of("name", "region", "type", "string", "required", false),
                        Map.of("name", "api_key", "type", "secret")),
                "fields", Map.of("name", "{{name}}", "letta_uid", "{{letta_uid}}", "description", "Support agent {{name}}",
                        "config", Map.of("model", "gpt-4o")),
                "settings", List.of(
                        Map.of("key", "llm.model", "value", "gpt-4o"),
                        Map.of("key", "llm.max_results", "value", "{{max_results}}", "type", "number"),
                        Map.of("key", "llm.api_key", "value", "{{api_key}}", "is_encrypted", true)),
                "tool_instances", List.of(
                        Map.of("tool", searchTool, "name", "{{name}}-search", "config", Map.of("max_results", "{{max_results}}",
                                "region", "{{region}}-eu")),
                        Map.of("tool", memoryTool, "name", "memory"))));
    }

    int define(Map<String, Object> template) {
        return as(admin).body(template).post("/api/v1/templates").then().statusCode(201).extract().path("id");
    }

    ValidatableResponse apply(int template, Map<String, Object> values) {
        return as(admin).body(Map.of("values", values)).post("/api/v1/templates/" + template + "/apply").then();
    }

    Map<String, Object> values(String name) {
        return new HashMap<>(Map.of("name", name, "letta_uid", name + "-uid", "api_key", SECRET, "max_results", 7, "region", "west"));
    }

    /** How many agents, agent settings, tool instances and configurations there are: an application that fails changes none. */
    List<Long> counts() {
        List<Long> counts = new ArrayList<>();
        for (String table : List.of("agents", "agent_configs", "tool_instances", "configurations", "tools", "config_history")) {
            counts.add(sql.value(Long.class, "SELECT count(*) FROM " + table));
        }
        return counts;
    }

    @Test
    void anApplicationMakesTheAgentItsSettingsAndToolInstancesAndEchoesNoValue() {
        int template = define(agentTemplate());
        String name = Fixtures.unique("Athena");
        var made = apply(template, values(name)).statusCode(201)
                .header("Location", containsString("/api/v1/agents/"))
                .body("template_id", equalTo(template)).body("kind", equalTo("agent"))
                .body("agent.name", equalTo(name)).body("settings", hasSize(3)).body("tool_instances", hasSize(2))
                .body("settings.name", hasItems("llm.model", "llm.max_results", "llm.api_key"))
                .body("tool_instances.href", hasItem(containsString("/api/v1/tool-instances/")))
                .body(not(containsString(SECRET))).extract();
        int agent = made.path("agent.id");

        as(admin).get("/api/v1/agents/" + agent).then().statusCode(200).body("letta_uid", equalTo(name + "-uid"))
                .body("description", equalTo("Support agent " + name)).body("config.model", equalTo("gpt-4o"));
        as(admin).queryParam("agent_id", agent).get("/api/v1/agent-configs").then().statusCode(200)
                .body("items.find { it.config_key == 'llm.max_results' }.config_value", equalTo("7"))
                .body("items.find { it.config_key == 'llm.max_results' }.config_type", equalTo("number"))
                .body("items.find { it.config_key == 'llm.api_key' }.is_encrypted", equalTo(true))
                .body(not(containsString(SECRET)));
        String stored = sql.value(String.class, "SELECT config_value FROM agent_configs WHERE agent_id = ? AND config_key = 'llm.api_key'", agent);
        assertTrue(stored.startsWith("enc:v1:") && !stored.contains(SECRET), "the supplied secret is stored encrypted");
        int secretId = sql.value(Integer.class, "SELECT id FROM agent_configs WHERE agent_id = ? AND config_key = 'llm.api_key'", agent);
        as(admin).get("/api/v1/agent-configs/" + secretId + "/reveal").then().statusCode(200).body("config_value", equalTo(SECRET));

        as(admin).queryParam("agent_id", agent).get("/api/v1/tool-instances").then().statusCode(200)
                .body("items.find { it.name == '" + name + "-search' }.config.max_results", equalTo(7))
                .body("items.find { it.name == '" + name + "-search' }.config.region", equalTo("west-eu"))
                .body("items.find { it.name == 'memory' }.agent_id", equalTo(agent));
    }

    @Test
    void theSettingsAnApplicationMakesStartTheirHistoryAtVersionOneAndGoOnFromThere() {
        int template = define(agentTemplate());
        int agent = apply(template, values(Fixtures.unique("Timbre"))).statusCode(201).extract().path("agent.id");
        String key = "agent_configs:" + agent + ":llm.max_results";
        assertEquals("1", sql.value(String.class, "SELECT string_agg(version::text, ',' ORDER BY version) FROM config_history WHERE entry_key = ?", key));
        int id = sql.value(Integer.class, "SELECT id FROM agent_configs WHERE agent_id = ? AND config_key = 'llm.max_results'", agent);
        String etag = as(admin).get("/api/v1/agent-configs/" + id).then().statusCode(200).extract().header("ETag");
        as(admin).contentType("application/merge-patch+json").header("If-Match", etag).body(Map.of("config_value", "9"))
                .patch("/api/v1/agent-configs/" + id).then().statusCode(200).body("config_value", equalTo("9"));
        assertEquals("1,2", sql.value(String.class, "SELECT string_agg(version::text, ',' ORDER BY version) FROM config_history WHERE entry_key = ?", key));
    }

    @Test
    void anEntryOfANewOwnerIsMadeOnlyInsideTheTransactionThatMadeTheOwner() {
        int agent = as(admin).body(Map.of("name", Fixtures.unique("Solo"), "letta_uid", Fixtures.unique("solo-uid"))).post("/api/v1/agents")
                .then().statusCode(201).extract().path("id");
        assertThrows(TransactionalException.class, () -> agentSettings.createForNewOwner(
                new AgentConfigRequest(agent, "llm.model", "gpt-4o", ValueType.STRING, false)));
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM agent_configs WHERE agent_id = ?", agent));
    }

    @Test
    void anOptionalValueLeftOutTakesItsDefault() {
        int template = define(agentTemplate());
        Map<String, Object> values = values(Fixtures.unique("Monday"));
        values.remove("max_results");
        int agent = apply(template, values).statusCode(201).extract().path("agent.id");
        assertEquals("5", sql.value(String.class, "SELECT config_value FROM agent_configs WHERE agent_id = ? AND config_key = 'llm.max_results'", agent));
    }

    @Test
    void missingWrongAndUnknownValuesAreEachListedAndNothingIsMade() {
        int template = define(agentTemplate());
        List<Long> before = counts();
        Map<String, Object> values = values(Fixtures.unique("Timbre"));
        values.remove("letta_uid");
        values.remove("api_key");
        values.put("max_results", "seven");
        values.put("colour", "blue");
        apply(template, values).statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItems("values.letta_uid", "values.api_key", "values.max_results", "values.colour"))
                .body("errors.find { it.field == 'values.letta_uid' }.message", containsString("is required"))
                .body("errors.find { it.field == 'values.max_results' }.message", equalTo("must be a number"))
                .body("errors.find { it.field == 'values.colour' }.message", containsString("not a parameter"))
                .body("detail", containsString("values.letta_uid"));
        assertEquals(before, counts());

        // a secret of the wrong type is named, never quoted
        values = values(Fixtures.unique("Timbre"));
        values.put("api_key", List.of("not", "text"));
        apply(template, values).statusCode(422).body("errors.field", equalTo(List.of("values.api_key")));
        assertEquals(before, counts());
        apply(template, Map.of()).statusCode(422).body("errors", hasSize(3));
        as(admin).body(Map.of()).post("/api/v1/templates/" + template + "/apply").then().statusCode(422)
                .body("errors.field", hasItem("values"));
        assertEquals(before, counts());
    }

    @Test
    void aConfigThatItsToolsSchemaRefusesIsNamedByItsPathAndNothingIsMade() {
        int template = define(agentTemplate());
        List<Long> before = counts();
        Map<String, Object> values = values(Fixtures.unique("Hermes"));
        values.put("max_results", 500);
        apply(template, values).statusCode(422)
                .body("errors.field", hasItem("tool_instances[0].config.max_results"))
                .body("detail", containsString("tool_instances[0].config.max_results"));
        assertEquals(before, counts());

        // the same value within the schema's range is made
        values.put("max_results", 50);
        apply(template, values).statusCode(201);
    }

    @Test
    void aValueThatMakesAnInvalidFieldOrSettingIsNamedAndNothingIsMade() {
        Map<String, Object> body = agentTemplate();
        body.put("settings", List.of(Map.of("key", "llm.max_results", "value", "{{region}}", "type", "number")));
        body.put("tool_instances", List.of());
        int template = define(body);
        List<Long> before = counts();
        Map<String, Object> values = values(Fixtures.unique("Iris"));
        values.put("letta_uid", " ");
        apply(template, values).statusCode(422)
                .body("errors.field", hasItems("fields.letta_uid", "settings[0].value"))
                .body("errors.find { it.field == 'settings[0].value' }.message", containsString("is not a number"));
        assertEquals(before, counts());
    }

    @Test
    void anUnknownToolAndAnAgentScopedToolGivenTwiceAreNamedAndNothingIsMade() {
        Map<String, Object> body = agentTemplate();
        body.put("tool_instances", List.of(
                Map.of("tool", "no-such-tool-" + Fixtures.unique("x"), "name", "ghost"),
                Map.of("tool", searchTool, "config", Map.of("max_results", 1)),
                Map.of("tool", searchTool, "config", Map.of("max_results", 2))));
        int template = define(body);
        List<Long> before = counts();
        apply(template, values(Fixtures.unique("Pan"))).statusCode(422)
                .body("errors.field", equalTo(List.of("tool_instances[0].tool", "tool_instances[2].tool")))
                .body("errors[0].message", containsString("names no tool"))
                .body("errors[1].message", containsString("at most one"));
        assertEquals(before, counts());
    }

    @Test
    void aNameAlreadyTakenIsAConflictAndNothingIsMade() {
        int template = define(agentTemplate());
        String name = Fixtures.unique("Echo");
        apply(template, values(name)).statusCode(201);
        List<Long> before = counts();
        Map<String, Object> again = values(name);
        again.put("letta_uid", Fixtures.unique("other-uid"));
        apply(template, again).statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("an agent named '" + name + "'"));
        again = values(Fixtures.unique("Echo"));
        again.put("letta_uid", name + "-uid");
        apply(template, again).statusCode(409).body("detail", containsString("letta_uid '" + name + "-uid'"));
        assertEquals(before, counts());
    }

    @Test
    void aToolTemplateMakesTheToolAndItsToolScopedSettings() {
        int template = define(Map.of(
                "name", Fixtures.unique("mcp-server"),
                "kind", "tool",
                "parameters", List.of(Map.of("name", "name", "type", "string"), Map.of("name", "token", "type", "secret"),
                        Map.of("name", "timeout", "type", "number")),
                "fields", Map.of("name", "{{name}}", "module_scope", "global", "category", "mcp",
                        "config_schema", Map.of("type", "object")),
                "settings", List.of(Map.of("key", "mcp.timeout", "value", "{{timeout}}", "type", "number"),
                        Map.of("key", "mcp.token", "value", "{{token}}", "is_encrypted", true, "description", "the server's token"))));
        String name = Fixtures.unique("mcp");
        var made = apply(template, Map.of("name", name, "token", SECRET, "timeout", 30)).statusCode(201)
                .header("Location", containsString("/api/v1/tools/")).body("tool.name", equalTo(name))
                .body("settings", hasSize(2)).body("$", not(org.hamcrest.Matchers.hasKey("agent")))
                .body(not(containsString(SECRET))).extract();
        int tool = made.path("tool.id");
        as(admin).get("/api/v1/tools/" + tool).then().statusCode(200).body("category", equalTo("mcp"));
        as(admin).queryParam("scope", "tool").queryParam("scope_id", tool).get("/api/v1/configurations").then().statusCode(200)
                .body("items.key", hasItems("mcp.timeout", "mcp.token"))
                .body("items.find { it.key == 'mcp.timeout' }.value", equalTo("30"))
                .body(not(containsString(SECRET)));
        String stored = sql.value(String.class, "SELECT value FROM configurations WHERE scope = 'tool' AND scope_id = ? AND key = 'mcp.token'", tool);
        assertFalse(stored.contains(SECRET));
        assertTrue(stored.startsWith("enc:v1:"));

        List<Long> before = counts();
        apply(template, Map.of("name", name, "token", SECRET, "timeout", 30)).statusCode(409)
                .body("detail", containsString("a tool named '" + name + "'"));
        assertEquals(before, counts());
    }

    @Test
    void anApplicationOfATemplateThatDoesNotExistIs404() {
        apply(999_999, Map.of()).statusCode(404).contentType("application/problem+json");
    }
}
