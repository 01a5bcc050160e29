package io.animus.registry.state;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.agent.Agent;
import io.animus.registry.config.envvar.EnvVar;
import io.animus.registry.identity.Role;
import io.animus.registry.identity.user.User;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.tool.Tool;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class StateResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Fixtures fixtures;

    Caller admin;
    Caller user;

    @BeforeEach
    void callers() {
        admin = fixtures.caller(Role.ADMIN);
        user = fixtures.caller(Role.USER);
    }

    private ObjectNode export() throws Exception {
        String body = given().header("Authorization", admin.bearer()).accept(ContentType.JSON).get("/api/v1/state")
                .then().statusCode(200).contentType(startsWith("application/json")).extract().asString();
        return (ObjectNode) JSON.readTree(body);
    }

    private Response plan(Object document, boolean prune) {
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(document)
                .queryParam("prune", prune).post("/api/v1/state/plan");
    }

    private Response apply(Object document, String digest) {
        Map<String, Object> body = new HashMap<>();
        body.put("document", document);
        body.put("digest", digest);
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(body).post("/api/v1/state/apply");
    }

    /** A document of new entries of every kind, named after {@code tag}. */
    private ObjectNode sample(String tag, String member) throws Exception {
        String text = """
                {"version": 1,
                 "users": [{"username": "%1$s-user", "email": "%1$s@example.test", "role": "viewer"}],
                 "agents": [{"letta_uid": "%1$s-uid", "name": "%1$s-athena", "description": "Configuration assistant",
                             "config": {"model": "gpt", "temperature": 0.5, "max": 3},
                             "visible_to_users": ["%1$s-user", "%2$s"], "visible_to_roles": ["viewer", "user"],
                             "settings": [{"key": "MODEL", "value": "gpt", "type": "string"},
                                          {"key": "API_KEY", "value": {"secret": {"value": "sk-%1$s"}}}]}],
                 "tools": [{"name": "%1$s-weather", "version": "1.0.0", "module_scope": "global",
                            "config_schema": {"type": "object", "properties": {"port": {"type": "integer"}}},
                            "plugins": [{"name": "forecast", "dependencies": ["radar"]}, {"name": "radar", "config": {"zoom": 2}}]}],
                 "tool_instances": [{"tool": "%1$s-weather", "agent": "%1$s-uid", "name": "main", "config": {"port": 8080}},
                                    {"tool": "%1$s-weather", "agent": null, "name": null}],
                 "configurations": [{"scope": "agent", "owner": "%1$s-uid", "key": "greeting", "value": "hello", "description": "d"},
                                    {"scope": "tool", "owner": "%1$s-weather", "key": "units", "value": "3", "type": "number"}],
                 "system_settings": [{"key": "%1$s.mode", "value": "true", "type": "boolean", "category": "state-test"}],
                 "env_vars": [{"name": "%3$s_TOKEN", "value": {"secret": {"value": "t-%1$s"}}, "description": "a token"},
                              {"name": "%3$s_PLAIN", "value": "plain"}]}
                """.formatted(tag, member, tag.toUpperCase().replace('-', '_'));
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void onlyAdminsExportPlanAndApply() {
        given().header("Authorization", user.bearer()).get("/api/v1/state").then().statusCode(403);
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(Map.of("version", 1))
                .post("/api/v1/state/plan").then().statusCode(403);
        given().get("/api/v1/state").then().statusCode(401);
        given().header("Authorization", admin.bearer()).get("/api/v1/state/schema").then().statusCode(200)
                .body("$defs", hasKey("agent")).body("properties", hasKey("tool_instances"));
    }

    @Test
    void theExportNamesEveryoneByNameAndNeverCarriesAHashOrASecret() throws Exception {
        String tag = Fixtures.unique("exp");
        ObjectNode document = sample(tag, user.username());
        String digest = plan(document, false).then().statusCode(200).extract().path("digest");
        apply(document, digest).then().statusCode(200);

        ObjectNode exported = export();
        String text = exported.toString();
        assertFalse(text.contains("password_hash") || text.contains("\"password\""), "no password field");
        assertFalse(text.contains("$2a$"), "no hash");
        assertFalse(text.contains("sk-" + tag), "no secret's plaintext");
        JsonNode agent = find(exported.get("agents"), "letta_uid", tag + "-uid");
        assertEquals(JSON.readTree("[\"" + tag + "-user\", \"" + user.username() + "\"]"), agent.get("visible_to_users"));
        assertEquals(JSON.readTree("{\"secret\": \"keep\"}"), find(agent.get("settings"), "key", "API_KEY").get("value"));
        JsonNode user = find(exported.get("users"), "username", tag + "-user");
        assertEquals(List.of("username", "email", "role", "is_active"), fieldNames(user));

        given().header("Authorization", admin.bearer()).accept("application/yaml").get("/api/v1/state")
                .then().statusCode(200).contentType(startsWith("application/yaml"))
                .body(containsString("letta_uid: \"" + tag + "-uid\""));
    }

    @Test
    void aDocumentAppliedThenExportedGivesTheSameEntriesAndAnEmptyPlan() throws Exception {
        String tag = Fixtures.unique("trip");
        ObjectNode document = sample(tag, user.username());
        Response planned = plan(document, false);
        planned.then().statusCode(200).body("summary.create", equalTo(14)).body("summary.update", equalTo(0))
                .body("changes.find { it.kind == 'agent_setting' && it.key.contains('API_KEY') }.fields.find { it.field == 'value' }.to.secret",
                        equalTo("new"));
        apply(document, planned.path("digest")).then().statusCode(200).body("summary.create", equalTo(14));

        ObjectNode exported = export();
        // the entries the document declared, as the export writes them: defaults filled in, secrets kept
        JsonNode agent = find(exported.get("agents"), "letta_uid", tag + "-uid");
        assertEquals("Ready", agent.get("status").asText());
        assertEquals(JSON.readTree("{\"model\": \"gpt\", \"temperature\": 0.5, \"max\": 3}"), agent.get("config"));
        JsonNode tool = find(exported.get("tools"), "name", tag + "-weather");
        assertEquals(2, tool.get("plugins").size());
        assertEquals("radar", find(tool.get("plugins"), "name", "forecast").get("dependencies").get(0).asText());
        assertEquals("plain", find(exported.get("env_vars"), "name", tag.toUpperCase().replace('-', '_') + "_PLAIN").get("value").asText());

        // the export of the registry, applied as it is, changes nothing: the same document comes back
        Response again = plan(exported, false);
        again.then().statusCode(200).body("summary.create", equalTo(0)).body("summary.update", equalTo(0))
                .body("summary.delete", equalTo(0)).body("changes.size()", equalTo(0));
        apply(exported, again.path("digest")).then().statusCode(200).body("changes.size()", equalTo(0))
                .body("digest", equalTo(again.path("digest")));
        assertEquals(exported, export());

        // the same secret given again is no change; another one is, and is never shown
        ObjectNode sameSecret = sample(tag, user.username());
        plan(sameSecret, false).then().statusCode(200).body("summary.update", equalTo(0)).body("summary.create", equalTo(0));
        ((ObjectNode) sameSecret.get("agents").get(0).get("settings").get(1)).set("value", JSON.readTree("{\"secret\": {\"value\": \"other\"}}"));
        plan(sameSecret, false).then().statusCode(200).body("summary.update", equalTo(1))
                .body("changes[0].fields[0].from.secret", equalTo("stored")).body("changes[0].fields[0].to.secret", equalTo("new"))
                .body(not(containsString("other")));
    }

    @Test
    void aChangedFieldIsPlannedFieldByFieldAndPruneAloneListsDeletes() throws Exception {
        String tag = Fixtures.unique("diff");
        ObjectNode document = sample(tag, user.username());
        apply(document, plan(document, false).path("digest")).then().statusCode(200);

        ObjectNode exported = export();
        ObjectNode agent = (ObjectNode) find(exported.get("agents"), "letta_uid", tag + "-uid");
        agent.put("description", "changed").put("is_active", false);
        ArrayNode tools = (ArrayNode) exported.get("tools");
        tools.remove(indexOf(tools, "name", tag + "-weather"));
        ArrayNode instances = (ArrayNode) exported.get("tool_instances");
        for (int i = instances.size() - 1; i >= 0; i--) {
            if (instances.get(i).get("tool").asText().equals(tag + "-weather")) {
                instances.remove(i);
            }
        }
        ArrayNode configurations = (ArrayNode) exported.get("configurations");
        configurations.remove(indexOf(configurations, "owner", tag + "-weather"));

        Response kept = plan(exported, false);
        kept.then().statusCode(200).body("summary.update", equalTo(1)).body("summary.delete", equalTo(0))
                .body("changes[0].kind", equalTo("agent")).body("changes[0].key", equalTo(tag + "-uid"))
                .body("changes[0].fields.field", equalTo(List.of("description", "is_active")))
                .body("changes[0].fields[0].from", equalTo("Configuration assistant")).body("changes[0].fields[0].to", equalTo("changed"));

        Response pruned = plan(exported, true);
        pruned.then().statusCode(200).body("summary.update", equalTo(1)).body("summary.delete", equalTo(6))
                .body("changes.findAll { it.action == 'delete' }.kind", hasItem("tool"))
                .body("changes.findAll { it.action == 'delete' }.kind", hasItem("plugin"));
        assertTrue(Tool.findByName(tag + "-weather").isPresent(), "a plan writes nothing");
    }

    @Test
    void aPlanMadeBeforeAnotherChangeIsRefusedAndWritesNothing() throws Exception {
        String tag = Fixtures.unique("stale");
        ObjectNode document = sample(tag, user.username());
        String digest = plan(document, false).then().statusCode(200).extract().path("digest");

        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("var_name", tag.toUpperCase().replace('-', '_') + "_OTHER", "var_value", "x")).post("/api/v1/env-vars")
                .then().statusCode(201);

        apply(document, digest).then().statusCode(412).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("changed since the plan"));
        assertTrue(Agent.findByLettaUid(tag + "-uid").isEmpty());
        assertTrue(Tool.findByName(tag + "-weather").isEmpty());

        String fresh = plan(document, false).path("digest");
        apply(document, fresh).then().statusCode(200);
        assertTrue(Agent.findByLettaUid(tag + "-uid").isPresent());
    }

    @Test
    void anEntryRefusedInTheMiddleOfAnApplyLeavesTheRegistryAsItWas() throws Exception {
        String tag = Fixtures.unique("half");
        ObjectNode document = sample(tag, user.username());
        // the instance's config breaks its tool's schema: refused after the user, agent, tool and plugins are written
        ((ObjectNode) document.get("tool_instances").get(0)).set("config", JSON.readTree("{\"port\": \"not a number\"}"));
        String digest = plan(document, false).then().statusCode(200).extract().path("digest");

        apply(document, digest).then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("nothing was written")).body("detail", containsString("tool_instance"));

        assertTrue(Agent.findByLettaUid(tag + "-uid").isEmpty());
        assertTrue(Tool.findByName(tag + "-weather").isEmpty());
        assertTrue(EnvVar.findByName(tag.toUpperCase().replace('-', '_') + "_PLAIN").isEmpty());
        assertTrue(User.findByUsername(tag + "-user").isEmpty());
        assertEquals(digest, plan(document, false).path("digest"), "the state's digest is unchanged");
    }

    @Test
    void badDocumentsAreProblemsNamingTheField() throws Exception {
        String tag = Fixtures.unique("bad");
        plan(Map.of("version", 1, "agents", List.of(Map.of("name", "no uid"))), false).then().statusCode(422)
                .contentType(startsWith("application/problem+json")).body("errors.field", hasItem(startsWith("document.agents[0]")));
        plan(Map.of("version", 1, "colours", List.of()), false).then().statusCode(422);
        plan(Map.of("version", 1, "agents", List.of(Map.of("letta_uid", tag), Map.of("letta_uid", tag))), false).then().statusCode(422)
                .body("detail", containsString("again"));
        plan(Map.of("version", 1, "tool_instances", List.of(Map.of("tool", tag + "-missing"))), false).then().statusCode(422)
                .body("detail", containsString(tag + "-missing"));
        plan(Map.of("version", 1, "env_vars", List.of(Map.of("name", "X_" + tag.replace('-', '_'), "value", Map.of("secret", "keep")))), false)
                .then().statusCode(422).body("detail", containsString("not stored"));
        ObjectNode unresolved = (ObjectNode) JSON.readTree("{\"version\": 1, \"env_vars\": [{\"name\": \"Y_" + tag.replace('-', '_')
                + "\", \"value\": {\"secret\": {\"env\": \"HOME\"}}}]}");
        plan(unresolved, false).then().statusCode(422).body("detail", containsString("command line"));
        yaml().contentType("application/yaml").body("agents: [unclosed")
                .post("/api/v1/state/plan").then().statusCode(400).contentType(startsWith("application/problem+json"));
        apply(Map.of("version", 1), null).then().statusCode(422).body("errors.field", hasItem("digest"));
        plan(Map.of("version", 1, "system_settings", List.of(Map.of("key", tag + ".n", "value", "007", "type", "number"))), false)
                .then().statusCode(422).body("errors.field", hasItem("document.system_settings[0].value"))
                .body("detail", containsString("not a number"));
        for (String prune : List.of("", "yes", "TRUE", "1")) {
            given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("version", 1))
                    .queryParam("prune", prune).post("/api/v1/state/plan").then().statusCode(400).body("detail", containsString("prune"));
        }
        plan(Map.of("version", 1), true).then().statusCode(200).body("prune", equalTo(true));
    }

    @Test
    void aYamlDocumentPlansAsItsJsonTwin() throws Exception {
        String tag = Fixtures.unique("yaml");
        String yaml = """
                version: 1
                agents:
                  - letta_uid: %1$s-uid
                    name: %1$s-monday
                    config: {model: gpt, retries: 3}
                    settings:
                      - {key: MODE, value: "fast"}
                """.formatted(tag);
        Response planned = yaml().contentType("application/yaml").body(yaml)
                .post("/api/v1/state/plan");
        planned.then().statusCode(200).body("summary.create", equalTo(2));
        yaml().contentType("application/yaml")
                .body("digest: " + planned.path("digest") + "\ndocument:\n" + yaml.indent(2)).post("/api/v1/state/apply")
                .then().statusCode(200).body("summary.create", equalTo(2));
        JsonNode agent = find(export().get("agents"), "letta_uid", tag + "-uid");
        assertEquals(3, agent.get("config").get("retries").asInt());
        assertEquals("fast", agent.get("settings").get(0).get("value").asText());
    }

    /** A request of the admin whose body is YAML text, sent as it is. */
    private io.restassured.specification.RequestSpecification yaml() {
        return given().config(io.restassured.RestAssured.config().encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                .encodeContentTypeAs("application/yaml", ContentType.TEXT))).header("Authorization", admin.bearer());
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode entry : list) {
            if (value.equals(entry.path(field).asText())) {
                return entry;
            }
        }
        throw new AssertionError("no entry with " + field + " = " + value);
    }

    private static int indexOf(ArrayNode list, String field, String value) {
        for (int i = 0; i < list.size(); i++) {
            if (value.equals(list.get(i).path(field).asText())) {
                return i;
            }
        }
        throw new AssertionError("no entry with " + field + " = " + value);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
