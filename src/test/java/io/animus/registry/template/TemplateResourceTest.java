package io.animus.registry.template;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

/** {@code /api/v1/templates}: definition and its rules (no secret value in a template), PUT/PATCH/ETags, and who may do what. */
@QuarkusTest
class TemplateResourceTest {

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

    static Map<String, Object> template(Object... settings) {
        return new HashMap<>(Map.of(
                "name", Fixtures.unique("template"),
                "kind", "agent",
                "parameters", List.of(Map.of("name", "name", "type", "string"), Map.of("name", "letta_uid", "type", "string"),
                        Map.of("name", "api_key", "type", "secret")),
                "fields", Map.of("name", "{{name}}", "letta_uid", "{{letta_uid}}"),
                "settings", List.of(settings)));
    }

    long templates() {
        return sql.value(Long.class, "SELECT count(*) FROM templates");
    }

    @Test
    void anAdminDefinesReadsListsAndDeletesATemplate() {
        Map<String, Object> body = template(Map.of("key", "llm.api_key", "value", "{{api_key}}", "is_encrypted", true));
        var created = as(admin).body(body).post("/api/v1/templates").then().statusCode(201)
                .header("Location", containsString("/api/v1/templates/")).header("ETag", notNullValue())
                .body("name", equalTo(body.get("name"))).body("kind", equalTo("agent"))
                .body("parameters.name", equalTo(List.of("name", "letta_uid", "api_key")))
                .body("parameters[0].required", nullValue())
                .body("settings[0].is_encrypted", equalTo(true)).body("settings[0].value", equalTo("{{api_key}}"))
                .body("tool_instances", hasSize(0)).body("created_by", equalTo(admin.id())).extract();
        int id = created.path("id");
        as(admin).get("/api/v1/templates/" + id).then().statusCode(200).header("ETag", equalTo(created.header("ETag")))
                .body("fields.letta_uid", equalTo("{{letta_uid}}"));
        as(admin).queryParam("kind", "agent").queryParam("size", 100).get("/api/v1/templates").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.greaterThan(0));
        as(admin).queryParam("kind", "tool").queryParam("size", 100).get("/api/v1/templates").then().statusCode(200)
                .body("items.id", not(hasItem(id)));
        as(admin).body(body).post("/api/v1/templates").then().statusCode(409).body("detail", containsString("already exists"));
        as(admin).header("If-Match", "\"stale\"").delete("/api/v1/templates/" + id).then().statusCode(412);
        as(admin).header("If-Match", created.header("ETag")).delete("/api/v1/templates/" + id).then().statusCode(204);
        as(admin).get("/api/v1/templates/" + id).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void putAndPatchTakeBackWhatGetGaveUnderIfMatch() {
        int id = as(admin).body(template()).post("/api/v1/templates").then().statusCode(201).extract().path("id");
        var shown = as(admin).get("/api/v1/templates/" + id).then().statusCode(200).extract();
        Map<String, Object> representation = shown.jsonPath().getMap("$");
        representation.put("description", "replaced");
        var replaced = as(admin).header("If-Match", shown.header("ETag")).body(representation).put("/api/v1/templates/" + id)
                .then().statusCode(200).body("description", equalTo("replaced")).extract();
        representation.remove("updated_at");
        as(admin).header("If-Match", shown.header("ETag")).body(representation).put("/api/v1/templates/" + id).then().statusCode(412);
        given().header("Authorization", admin.bearer()).contentType("application/merge-patch+json")
                .header("If-Match", replaced.header("ETag"))
                .body(Map.of("settings", List.of(Map.of("key", "llm.model", "value", "gpt-4o"))))
                .patch("/api/v1/templates/" + id).then().statusCode(200)
                .body("description", equalTo("replaced")).body("settings[0].key", equalTo("llm.model"));
        // a patch that writes a secret value into the template is refused like a create
        given().header("Authorization", admin.bearer()).contentType("application/merge-patch+json")
                .body(Map.of("settings", List.of(Map.of("key", "llm.api_key", "value", "sk-live-1", "is_encrypted", true))))
                .patch("/api/v1/templates/" + id).then().statusCode(422).body("errors.field", hasItem("settings[0].value"))
                .body(not(containsString("sk-live-1")));
        as(admin).get("/api/v1/templates/" + id).then().body("settings[0].key", equalTo("llm.model"));
    }

    @Test
    void aTemplateNeverStoresASecretValue() {
        long before = templates();
        // an encrypted setting with a value of its own
        as(admin).body(template(Map.of("key", "llm.api_key", "value", "sk-live-1234", "is_encrypted", true))).post("/api/v1/templates")
                .then().statusCode(422).contentType("application/problem+json").body("errors.field", equalTo(List.of("settings[0].value")))
                .body("errors[0].message", containsString("never stores a secret")).body(not(containsString("sk-live-1234")));
        // the mask that reads show is no placeholder either
        as(admin).body(template(Map.of("key", "llm.api_key", "value", "********", "is_encrypted", true))).post("/api/v1/templates")
                .then().statusCode(422).body("errors.field", equalTo(List.of("settings[0].value")));
        // an encrypted setting on a parameter that is not a secret
        as(admin).body(template(Map.of("key", "llm.api_key", "value", "{{name}}", "is_encrypted", true))).post("/api/v1/templates")
                .then().statusCode(422).body("errors.field", equalTo(List.of("settings[0].value")));
        // a secret parameter with a default
        Map<String, Object> withDefault = template();
        withDefault.put("parameters", List.of(Map.of("name", "name", "type", "string"), Map.of("name", "letta_uid", "type", "string"),
                Map.of("name", "api_key", "type", "secret", "required", false, "default", "sk-default-99")));
        as(admin).body(withDefault).post("/api/v1/templates").then().statusCode(422)
                .body("errors.field", equalTo(List.of("parameters[2].default"))).body(not(containsString("sk-default-99")));
        // a secret used where it would be stored in clear: a plain setting, a field, a tool instance's config
        Map<String, Object> inClear = template(Map.of("key", "llm.api_key", "value", "{{api_key}}"));
        inClear.put("fields", Map.of("name", "{{name}}", "letta_uid", "{{letta_uid}}", "description", "key {{api_key}}"));
        inClear.put("tool_instances", List.of(Map.of("tool", "search", "config", Map.of("token", "{{api_key}}"))));
        as(admin).body(inClear).post("/api/v1/templates").then().statusCode(422)
                .body("errors.field", hasItems("settings[0].value", "fields.description", "tool_instances[0].config.token"))
                .body("errors", hasSize(3));
        assertEquals(before, templates());

        // the same secret as the placeholder of an encrypted setting is accepted
        as(admin).body(template(Map.of("key", "llm.api_key", "value", "{{api_key}}", "is_encrypted", true))).post("/api/v1/templates")
                .then().statusCode(201);
        assertEquals(before + 1, templates());
    }

    @Test
    void aTemplateThatBreaksOtherRulesIsRefusedWithEachProblem() {
        long before = templates();
        Map<String, Object> body = template(Map.of("key", "a", "value", "1"), Map.of("key", "a", "value", "2"),
                Map.of("key", "n", "value", "ten", "type", "number"));
        body.put("parameters", List.of(Map.of("name", "name", "type", "string"), Map.of("name", "name", "type", "number"),
                Map.of("name", "letta_uid", "type", "string", "required", false, "default", 7)));
        body.put("fields", Map.of("name", "{{name}}", "letta_uid", "{{letta_uid}}", "colour", "blue", "description", "{{nobody}}"));
        body.put("tool_instances", List.of(Map.of("tool", "search", "name", "{{missing}}")));
        as(admin).body(body).post("/api/v1/templates").then().statusCode(422)
                .body("errors.field", hasItems("parameters[1].name", "parameters[2].default", "fields.colour", "fields.description",
                        "settings[1].key", "settings[2].value", "tool_instances[0].name"))
                .body("errors.find { it.field == 'fields.colour' }.message", containsString("not a field of a agent"))
                .body("errors.find { it.field == 'fields.description' }.message", containsString("'nobody'"));

        Map<String, Object> tool = template();
        tool.put("kind", "tool");
        tool.put("fields", Map.of("name", "{{name}}"));
        tool.put("tool_instances", List.of(Map.of("tool", "search")));
        as(admin).body(tool).post("/api/v1/templates").then().statusCode(422).body("errors.field", equalTo(List.of("tool_instances")));

        Map<String, Object> badName = template();
        badName.put("parameters", List.of(Map.of("name", "Bad Name", "type", "string")));
        as(admin).body(badName).post("/api/v1/templates").then().statusCode(422).body("errors.field", hasItem("parameters.name"));
        assertEquals(before, templates());
    }

    @Test
    void onlyAdminsReadWriteApplyAndExport() {
        int id = as(admin).body(template()).post("/api/v1/templates").then().statusCode(201).extract().path("id");
        int agent = as(admin).body(Map.of("letta_uid", Fixtures.unique("uid"))).post("/api/v1/agents").then().statusCode(201)
                .extract().path("id");
        long before = templates();
        for (Role role : List.of(Role.USER, Role.VIEWER)) {
            Caller caller = fixtures.caller(role);
            as(caller).get("/api/v1/templates").then().statusCode(403).contentType("application/problem+json");
            as(caller).get("/api/v1/templates/" + id).then().statusCode(403);
            as(caller).body(template()).post("/api/v1/templates").then().statusCode(403);
            as(caller).body(Map.of("values", Map.of("name", "x", "letta_uid", "y", "api_key", "z")))
                    .post("/api/v1/templates/" + id + "/apply").then().statusCode(403);
            as(caller).body(Map.of("agent_id", agent, "name", Fixtures.unique("exported"))).post("/api/v1/templates/export")
                    .then().statusCode(403);
            as(caller).delete("/api/v1/templates/" + id).then().statusCode(403);
        }
        given().get("/api/v1/templates").then().statusCode(401);
        assertEquals(before, templates());
        as(admin).get("/api/v1/templates/" + id).then().statusCode(200);
    }
}
