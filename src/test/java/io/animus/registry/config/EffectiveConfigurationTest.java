package io.animus.registry.config;

import static io.animus.registry.config.ConfigurationResourceTest.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.animus.registry.config.ConfigFixtures.Login;
import io.animus.registry.tool.ModuleScope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class EffectiveConfigurationTest extends SignedInAsEveryRole {

    private static final String EFFECTIVE = "/api/v1/configurations/effective";

    private void post(String path, Map<String, Object> body) {
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(body).when().post(path).then().statusCode(201);
    }

    private void systemConfig(String key, String value, String type) {
        post("/api/v1/system-config", body("config_key", key, "config_value", value, "config_type", type));
    }

    private void configuration(String scope, Integer scopeId, String key, String value, String type, boolean encrypted) {
        post("/api/v1/configurations", body("key", key, "value", value, "type", type, "scope", scope, "scope_id", scopeId,
                "is_encrypted", encrypted));
    }

    private void agentConfig(int agent, String key, String value, String type, boolean encrypted) {
        post("/api/v1/agent-configs", body("agent_id", agent, "config_key", key, "config_value", value, "config_type", type,
                "is_encrypted", encrypted));
    }

    /** The settings of an answer whose key starts with the prefix, by key without it. */
    private static Map<String, Object> settings(JsonPath answer, String prefix) {
        List<Map<String, Object>> all = answer.getList("settings");
        Map<String, Object> mine = new java.util.TreeMap<>();
        for (Map<String, Object> setting : all) {
            String key = (String) setting.get("key");
            if (key.startsWith(prefix)) {
                mine.put(key.substring(prefix.length()), setting);
            }
        }
        return mine;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> settings, String key) {
        return (Map<String, Object>) settings.get(key);
    }

    private static Map<String, Object> origin(String layer, String source) {
        return Map.of("layer", layer, "source", source);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> overrides(Map<String, Object> setting) {
        return ((List<Map<String, Object>>) setting.get("overrides")).stream()
                .map(o -> Map.of("layer", o.get("layer"), "source", o.get("source"))).toList();
    }

    @Test
    void everyLayerSetsSomeKeysAndOverridesOthersWithProvenance() throws Exception {
        String p = ConfigFixtures.unique("eff.") + ".";
        int agent = fixtures.agent(null, null);
        int tool = fixtures.tool(ModuleScope.AGENT);
        int instance = fixtures.instance(tool, agent, "{\"" + p + "endpoint\": \"http://instance\", \"" + p + "port\": 8001,"
                + " \"" + p + "features\": {\"x\": true}, \"" + p + "persona\": \"instance-persona\"}");

        systemConfig(p + "region", "eu", "string");
        systemConfig(p + "log.level", "info", "string");
        configuration("system", null, p + "log.level", "warn", "string", false);
        configuration("system", null, p + "timeout", "30", "number", false);
        agentConfig(agent, p + "model", "gpt", "string", false);
        agentConfig(agent, p + "timeout", "40", "number", false);
        configuration("agent", agent, p + "model", "claude", "string", false);
        configuration("agent", agent, p + "persona", "athena", "string", false);
        configuration("tool", tool, p + "timeout", "50", "number", false);
        configuration("tool", tool, p + "endpoint", "http://tool", "string", false);
        configuration("tool", tool, p + "streaming", "true", "boolean", false);
        // another agent's and another tool's settings stay out
        configuration("agent", fixtures.agent(null, null), p + "model", "other-agent", "string", false);
        configuration("tool", fixtures.tool(ModuleScope.GLOBAL), p + "endpoint", "http://other-tool", "string", false);

        JsonPath answer = given().auth().oauth2(viewer.token()).queryParam("tool_instance_id", instance).when().get(EFFECTIVE)
                .then().statusCode(200)
                .body("agent_id", equalTo(agent)).body("tool_id", equalTo(tool)).body("tool_instance_id", equalTo(instance))
                .body("revealed", equalTo(false))
                .extract().jsonPath();
        Map<String, Object> s = settings(answer, p);
        assertEquals(List.of("endpoint", "features", "log.level", "model", "persona", "port", "region", "streaming", "timeout"),
                List.copyOf(s.keySet()));

        assertEquals("eu", at(s, "region").get("value"));
        assertEquals("system", at(s, "region").get("layer"));
        assertEquals("system_config", at(s, "region").get("source"));
        assertEquals(List.of(), overrides(at(s, "region")));

        assertEquals("warn", at(s, "log.level").get("value"));
        assertEquals("configurations", at(s, "log.level").get("source"));
        assertEquals(List.of(origin("system", "system_config")), overrides(at(s, "log.level")));

        assertEquals("claude", at(s, "model").get("value"));
        assertEquals("agent", at(s, "model").get("layer"));
        assertEquals(List.of(origin("agent", "agent_configs")), overrides(at(s, "model")));

        assertEquals("instance-persona", at(s, "persona").get("value"));
        assertEquals("instance", at(s, "persona").get("layer"));
        assertEquals("tool_instances", at(s, "persona").get("source"));
        assertEquals(instance, at(s, "persona").get("source_id"));
        assertEquals(List.of(origin("agent", "configurations")), overrides(at(s, "persona")));

        assertEquals(50, at(s, "timeout").get("value"), "a number is a JSON number");
        assertEquals("number", at(s, "timeout").get("type"));
        assertEquals("tool", at(s, "timeout").get("layer"));
        assertEquals(List.of(origin("system", "configurations"), origin("agent", "agent_configs")), overrides(at(s, "timeout")));

        assertEquals("http://instance", at(s, "endpoint").get("value"));
        assertEquals(List.of(origin("tool", "configurations")), overrides(at(s, "endpoint")));

        assertEquals(true, at(s, "streaming").get("value"), "a boolean is a JSON boolean");
        assertEquals(8001, at(s, "port").get("value"));
        assertEquals("number", at(s, "port").get("type"));
        assertEquals(Map.of("x", true), at(s, "features").get("value"), "a JSON value is embedded");
        assertEquals("json", at(s, "features").get("type"));

        // the same merge for the agent and tool named directly, without the instance layer
        Map<String, Object> direct = settings(given().auth().oauth2(user.token()).queryParam("agent_id", agent)
                .queryParam("tool_id", tool).when().get(EFFECTIVE).then().statusCode(200).body("tool_instance_id", nullValue())
                .extract().jsonPath(), p);
        assertEquals("http://tool", at(direct, "endpoint").get("value"));
        assertEquals("athena", at(direct, "persona").get("value"));
        assertEquals(null, direct.get("port"));

        // only the system layer
        Map<String, Object> system = settings(given().auth().oauth2(user.token()).when().get(EFFECTIVE).then().statusCode(200)
                .extract().jsonPath(), p);
        assertEquals(List.of("log.level", "region", "timeout"), List.copyOf(system.keySet()));
    }

    @Test
    void anInstanceImpliesItsToolAndAgentAndMustAgreeWithThem() throws Exception {
        int agent = fixtures.agent(null, null);
        int tool = fixtures.tool(ModuleScope.GLOBAL);
        int instance = fixtures.instance(tool, agent, "{}");
        int master = fixtures.instance(tool, null, null);
        given().auth().oauth2(user.token()).queryParam("tool_instance_id", instance).queryParam("tool_id", tool)
                .queryParam("agent_id", agent).when().get(EFFECTIVE).then().statusCode(200);
        given().auth().oauth2(user.token()).queryParam("tool_instance_id", instance).queryParam("tool_id", tool + 1000)
                .when().get(EFFECTIVE).then().statusCode(422).body("errors[0].field", equalTo("tool_id"))
                .body("detail", containsString("is an instance of tool " + tool));
        given().auth().oauth2(user.token()).queryParam("tool_instance_id", instance).queryParam("agent_id", agent + 1000)
                .when().get(EFFECTIVE).then().statusCode(422).body("errors[0].field", equalTo("agent_id"))
                .body("detail", containsString("belongs to agent " + agent));
        given().auth().oauth2(user.token()).queryParam("tool_instance_id", master).queryParam("agent_id", agent)
                .when().get(EFFECTIVE).then().statusCode(422).body("detail", containsString("belongs to no agent"));
        given().auth().oauth2(user.token()).queryParam("tool_instance_id", master).when().get(EFFECTIVE).then().statusCode(200)
                .body("agent_id", nullValue()).body("tool_id", equalTo(tool));
    }

    @Test
    void unknownAndInvisibleEntitiesAre404() {
        given().auth().oauth2(user.token()).queryParam("agent_id", 999_999).when().get(EFFECTIVE).then().statusCode(404);
        given().auth().oauth2(user.token()).queryParam("tool_id", 999_999).when().get(EFFECTIVE).then().statusCode(404);
        given().auth().oauth2(user.token()).queryParam("tool_instance_id", 999_999).when().get(EFFECTIVE).then().statusCode(404);
        int hidden = fixtures.agent(null, List.of("admin"));
        given().auth().oauth2(user.token()).queryParam("agent_id", hidden).when().get(EFFECTIVE).then().statusCode(404);
        given().auth().oauth2(admin.token()).queryParam("agent_id", hidden).when().get(EFFECTIVE).then().statusCode(200);
        given().when().get(EFFECTIVE).then().statusCode(401);
    }

    @Test
    void secretsAreMaskedUnlessAnAdminAsksToRevealThem() {
        String p = ConfigFixtures.unique("effsecret.") + ".";
        int agent = fixtures.agent(null, null);
        configuration("system", null, p + "api.key", "system-key", "string", false);
        agentConfig(agent, p + "api.key", "agent-secret-" + p, "string", true);
        configuration("agent", agent, p + "limits", "{\"rpm\": 60}", "json", true);

        for (Login reader : List.of(admin, user, viewer)) {
            Map<String, Object> s = settings(given().auth().oauth2(reader.token()).queryParam("agent_id", agent).when()
                    .get(EFFECTIVE).then().statusCode(200).extract().jsonPath(), p);
            assertEquals("********", at(s, "api.key").get("value"));
            assertEquals(true, at(s, "api.key").get("is_encrypted"));
            assertEquals("agent_configs", at(s, "api.key").get("source"));
            assertEquals("********", at(s, "limits").get("value"));
            assertEquals("json", at(s, "limits").get("type"));
        }
        given().auth().oauth2(user.token()).queryParam("agent_id", agent).queryParam("reveal", true).when().get(EFFECTIVE)
                .then().statusCode(403);
        given().auth().oauth2(viewer.token()).queryParam("agent_id", agent).queryParam("reveal", true).when().get(EFFECTIVE)
                .then().statusCode(403);

        String before = fixtures.value("SELECT count(*) FROM secret_reveals WHERE purpose = 'effective' AND revealed_by = ?", admin.id());
        Map<String, Object> revealed = settings(given().auth().oauth2(admin.token()).queryParam("agent_id", agent)
                .queryParam("reveal", true).when().get(EFFECTIVE).then().statusCode(200).body("revealed", equalTo(true))
                .extract().jsonPath(), p);
        assertEquals("agent-secret-" + p, at(revealed, "api.key").get("value"));
        assertEquals(Map.of("rpm", 60), at(revealed, "limits").get("value"));
        String after = fixtures.value("SELECT count(*) FROM secret_reveals WHERE purpose = 'effective' AND revealed_by = ?", admin.id());
        assertTrue(Integer.parseInt(after) >= Integer.parseInt(before) + 2, "each revealed secret is audited");
        assertEquals("1", fixtures.value("SELECT count(*) FROM secret_reveals WHERE entry_key = ?",
                "agent_configs:" + agent + ":" + p + "api.key"));
    }
}
