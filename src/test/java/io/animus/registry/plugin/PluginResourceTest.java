package io.animus.registry.plugin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
class PluginResourceTest {

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Inject
    Fixtures fixtures;

    Caller admin;

    @BeforeEach
    void callers() {
        admin = fixtures.caller(Role.ADMIN);
    }

    int tool(String scope) {
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("tool"), "module_scope", scope)).post("/api/v1/tools")
                .then().statusCode(201).extract().path("id");
    }

    Response plugin(int tool, String name, List<String> dependencies, boolean enabled) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "dependencies", dependencies, "is_enabled", enabled));
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/tools/" + tool + "/plugins");
    }

    int id(Response response) {
        return response.then().statusCode(201).extract().path("id");
    }

    @Test
    void aPluginFollowsItsToolsScopeEvenWhenTheToolChanges() {
        int tool = tool("agent");
        int plugin = id(plugin(tool, "memory-index", List.of(), true));
        given().header("Authorization", admin.bearer()).get("/api/v1/tools/" + tool + "/plugins/" + plugin)
                .then().statusCode(200).body("module_scope", equalTo("agent")).body("tool_id", equalTo(tool));
        String name = given().header("Authorization", admin.bearer()).get("/api/v1/tools/" + tool).then().extract().path("name");
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("name", name, "module_scope", "global"))
                .put("/api/v1/tools/" + tool).then().statusCode(200);
        given().header("Authorization", admin.bearer()).get("/api/v1/tools/" + tool + "/plugins/" + plugin)
                .then().body("module_scope", equalTo("global"));
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "module_scope", "agent")).post("/api/v1/tools/" + tool + "/plugins")
                .then().statusCode(422).body("errors[0].field", equalTo("module_scope"));
    }

    @Test
    void aPluginNameIsUniqueWithinItsToolOnly() {
        int mcp = tool("global");
        int broca = tool("global");
        id(plugin(mcp, "formatter", List.of(), true));
        plugin(mcp, "formatter", List.of(), true).then().statusCode(409);
        id(plugin(broca, "formatter", List.of(), true));
    }

    @Test
    void dependenciesNameExistingPluginsOfTheSameTool() {
        int mcp = tool("global");
        int broca = tool("global");
        id(plugin(broca, "queue", List.of(), true));
        id(plugin(mcp, "base", List.of(), true));
        plugin(mcp, "uses-broca", List.of("queue"), true).then().statusCode(422)
                .body("detail", allOf(containsString("'uses-broca'"), containsString("'queue'"), containsString("own tool")));
        plugin(mcp, "uses-missing", List.of("ghost"), true).then().statusCode(422)
                .body("detail", allOf(containsString("'ghost'"), containsString("not a plugin")));
        plugin(mcp, "selfish", List.of("selfish"), true).then().statusCode(422).body("detail", containsString("itself"));
        plugin(mcp, "extension", List.of("base"), true).then().statusCode(201).body("dependencies[0]", equalTo("base"));
    }

    @Test
    void aDependencyThatClosesACycleIsRejectedNamingThePlugins() {
        int tool = tool("global");
        int a = id(plugin(tool, "a", List.of(), true));
        id(plugin(tool, "b", List.of("a"), true));
        id(plugin(tool, "c", List.of("b"), true));
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "a", "dependencies", List.of("c"))).put("/api/v1/tools/" + tool + "/plugins/" + a)
                .then().statusCode(422).body("detail", containsString("a → c → b → a"));
        given().header("Authorization", admin.bearer()).get("/api/v1/tools/" + tool + "/plugins/" + a)
                .then().body("dependencies.size()", equalTo(0));
    }

    @Test
    void enablingAPluginWhoseDependencyIsDisabledIsRejected() {
        int tool = tool("global");
        int base = id(plugin(tool, "base", List.of(), false));
        plugin(tool, "ext", List.of("base"), true).then().statusCode(422)
                .body("detail", allOf(containsString("'ext'"), containsString("'base'"), containsString("disabled")));
        int ext = id(plugin(tool, "ext", List.of("base"), false));
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("name", "base", "is_enabled", true))
                .put("/api/v1/tools/" + tool + "/plugins/" + base).then().statusCode(200);
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "ext", "dependencies", List.of("base"), "is_enabled", true))
                .put("/api/v1/tools/" + tool + "/plugins/" + ext).then().statusCode(200);
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("name", "base", "is_enabled", false))
                .put("/api/v1/tools/" + tool + "/plugins/" + base).then().statusCode(409).body("detail", containsString("'ext'"));
    }

    @Test
    void deletingAPluginOthersNeedIsRefusedUnlessCascaded() {
        int tool = tool("global");
        int base = id(plugin(tool, "base", List.of(), true));
        int middle = id(plugin(tool, "middle", List.of("base"), true));
        int top = id(plugin(tool, "top", List.of("middle"), true));
        int unrelated = id(plugin(tool, "unrelated", List.of(), true));
        given().header("Authorization", admin.bearer()).delete("/api/v1/tools/" + tool + "/plugins/" + base)
                .then().statusCode(409).body("detail", allOf(containsString("'middle'"), containsString("'top'")));
        given().header("Authorization", admin.bearer()).queryParam("cascade", true).delete("/api/v1/tools/" + tool + "/plugins/" + base)
                .then().statusCode(204);
        for (int gone : List.of(base, middle, top)) {
            given().header("Authorization", admin.bearer()).get("/api/v1/tools/" + tool + "/plugins/" + gone).then().statusCode(404);
        }
        given().header("Authorization", admin.bearer()).get("/api/v1/tools/" + tool + "/plugins/" + unrelated).then().statusCode(200);
    }

    /** The id of the version row the plugin's versions list marks current. */
    long currentVersion(String path) {
        return given().header("Authorization", admin.bearer()).queryParam("size", 100).get(path + "/versions").then().statusCode(200)
                .extract().<Number> path("items.find { it.is_current }.id").longValue();
    }

    @Test
    void aPutOrPatchThatChangesTheDefinitionAnswersTheNewVersionsId() {
        int tool = tool("global");
        int plugin = id(plugin(tool, "formatter", List.of(), true));
        String path = "/api/v1/tools/" + tool + "/plugins/" + plugin;
        long created = currentVersion(path);

        Response put = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "formatter", "version", "1.1.0")).put(path);
        put.then().statusCode(200).header("Animus-Version-Id", equalTo(String.valueOf(currentVersion(path))));
        long replaced = Long.parseLong(put.header("Animus-Version-Id"));
        assertNotEquals(created, replaced);

        Response patched = given().header("Authorization", admin.bearer()).contentType("application/merge-patch+json")
                .body(Map.of("config", Map.of("width", 120))).patch(path);
        patched.then().statusCode(200).header("Animus-Version-Id", equalTo(String.valueOf(currentVersion(path))));
        assertNotEquals(replaced, Long.parseLong(patched.header("Animus-Version-Id")));
    }

    @Test
    void aPutOrPatchThatLeavesTheDefinitionAnswersTheVersionItHad() {
        int tool = tool("global");
        int plugin = id(plugin(tool, "formatter", List.of(), true));
        String path = "/api/v1/tools/" + tool + "/plugins/" + plugin;
        String created = String.valueOf(currentVersion(path));

        // state is not a version: switching the plugin off records nothing and names the row it had
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "formatter", "dependencies", List.of(), "is_enabled", false)).put(path)
                .then().statusCode(200).header("Animus-Version-Id", equalTo(created));
        given().header("Authorization", admin.bearer()).contentType("application/merge-patch+json").body(Map.of("is_enabled", true))
                .patch(path).then().statusCode(200).header("Animus-Version-Id", equalTo(created));
        given().header("Authorization", admin.bearer()).get(path + "/versions").then().body("total", equalTo(1));
    }
}
