package io.animus.registry.tool;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

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
class ToolResourceTest {

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static final Map<String, Object> PORT_SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of("port", Map.of("type", "integer", "minimum", 1, "maximum", 65535)),
            "required", List.of("port"));

    @Inject
    Fixtures fixtures;

    Caller admin;
    Caller user;

    @BeforeEach
    void callers() {
        admin = fixtures.caller(Role.ADMIN);
        user = fixtures.caller(Role.USER);
    }

    Response create(Map<String, Object> body) {
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(body).post("/api/v1/tools");
    }

    @Test
    void adminManagesToolsAndEveryRoleReadsThem() {
        String name = Fixtures.unique("MCP");
        Response created = create(Map.of("name", name, "emoji", "🌐", "category", "master", "config_schema", PORT_SCHEMA));
        created.then().statusCode(201).header("Location", containsString("/api/v1/tools/")).header("ETag", notNullValue())
                .body("module_scope", equalTo("global")).body("status", equalTo("Ready")).body("is_enabled", equalTo(true))
                .body("emoji", equalTo("🌐")).body("config_schema.required", hasItem("port"))
                .body("created_by", equalTo(admin.id()));
        int id = created.path("id");
        given().header("Authorization", user.bearer()).get("/api/v1/tools/" + id).then().statusCode(200).body("name", equalTo(name));
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(Map.of("name", name))
                .put("/api/v1/tools/" + id).then().statusCode(403);
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "status", "Healthy", "is_enabled", false)).put("/api/v1/tools/" + id)
                .then().statusCode(200).body("status", equalTo("Healthy")).body("is_enabled", equalTo(false));
        given().header("Authorization", admin.bearer()).delete("/api/v1/tools/" + id).then().statusCode(204);
        given().header("Authorization", admin.bearer()).get("/api/v1/tools/" + id).then().statusCode(404);
    }

    @Test
    void toolNamesAreUnique() {
        String name = Fixtures.unique("Broca");
        create(Map.of("name", name)).then().statusCode(201);
        create(Map.of("name", name)).then().statusCode(409).body("detail", containsString("name"));
    }

    @Test
    void anInvalidConfigSchemaIsRejectedWithTheValidatorsMessage() {
        create(Map.of("name", Fixtures.unique("bad"), "config_schema", Map.of("type", "integer-ish")))
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("config_schema.type"))
                .body("detail", containsString("config_schema.type"));
        create(Map.of("name", Fixtures.unique("bad"), "config_schema", Map.of("minimum", "ten")))
                .then().statusCode(422);
        create(Map.of("name", Fixtures.unique("bad"), "config_schema", "not a schema")).then().statusCode(422);
        create(Map.of("name", Fixtures.unique("good"), "config_schema", PORT_SCHEMA)).then().statusCode(201);
    }

    @Test
    void listsFilterByCategoryScopeStatusAndEnabled() {
        String category = Fixtures.unique("cat");
        create(Map.of("name", Fixtures.unique("t"), "category", category, "module_scope", "agent")).then().statusCode(201);
        create(Map.of("name", Fixtures.unique("t"), "category", category, "status", "Off", "is_enabled", false)).then().statusCode(201);
        create(Map.of("name", Fixtures.unique("t"), "category", category)).then().statusCode(201);
        given().header("Authorization", user.bearer()).queryParam("category", category).get("/api/v1/tools")
                .then().statusCode(200).body("total", equalTo(3));
        given().header("Authorization", user.bearer()).queryParam("category", category).queryParam("module_scope", "agent")
                .get("/api/v1/tools").then().body("total", equalTo(1)).body("items[0].module_scope", equalTo("agent"));
        given().header("Authorization", user.bearer()).queryParam("category", category).queryParam("status", "Off")
                .get("/api/v1/tools").then().body("total", equalTo(1)).body("items.status", everyItem(equalTo("Off")));
        given().header("Authorization", user.bearer()).queryParam("category", category).queryParam("is_enabled", true)
                .get("/api/v1/tools").then().body("total", equalTo(2));
        given().header("Authorization", user.bearer()).queryParam("module_scope", "both").get("/api/v1/tools")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("global, agent"));
        given().header("Authorization", user.bearer()).queryParam("is_enabled", "perhaps").get("/api/v1/tools")
                .then().statusCode(400);
    }

    @Test
    void aSchemaChangeThatRejectsAnExistingInstanceIsTakenAndNamesThatInstance() {
        String name = Fixtures.unique("smcp");
        int tool = create(Map.of("name", name)).then().statusCode(201).extract().path("id");
        int instance = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("config", Map.of("port", "eighty")))
                .post("/api/v1/tools/" + tool + "/instances").then().statusCode(201).extract().path("id");
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("name", name, "config_schema", PORT_SCHEMA))
                .put("/api/v1/tools/" + tool).then().statusCode(200).header("Animus-Invalid-Instances", equalTo(String.valueOf(instance)));
        given().header("Authorization", admin.bearer()).get("/api/v1/tools/" + tool).then().body("config_schema.required", hasItem("port"));
        given().header("Authorization", admin.bearer()).get("/api/v1/tool-instances/" + instance).then().body("config.port", equalTo("eighty"));
    }

    @Test
    void deletingAToolWithInstancesOrPluginsNeedsCascade() {
        int tool = create(Map.of("name", Fixtures.unique("broca"))).then().statusCode(201).extract().path("id");
        int instance = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/tools/" + tool + "/instances").then().statusCode(201).extract().path("id");
        int plugin = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("name", "formatter"))
                .post("/api/v1/tools/" + tool + "/plugins").then().statusCode(201).extract().path("id");
        given().header("Authorization", admin.bearer()).delete("/api/v1/tools/" + tool).then().statusCode(409)
                .body("detail", containsString("1 tool instance(s), 1 plugin(s)"));
        given().header("Authorization", admin.bearer()).get("/api/v1/tool-instances/" + instance).then().statusCode(200);
        given().header("Authorization", admin.bearer()).queryParam("cascade", true).delete("/api/v1/tools/" + tool).then().statusCode(204);
        given().header("Authorization", admin.bearer()).get("/api/v1/tool-instances/" + instance).then().statusCode(404);
        given().header("Authorization", admin.bearer()).get("/api/v1/tools/" + tool + "/plugins/" + plugin).then().statusCode(404);
    }
}
