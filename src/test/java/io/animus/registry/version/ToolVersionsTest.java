package io.animus.registry.version;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
import io.restassured.response.Response;

/** The versions of tools written through the API: recorded once each, ordered, immutable, read like the tool. */
@QuarkusTest
class ToolVersionsTest {

    static final Map<String, Object> PORT_SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of("port", Map.of("type", "integer")),
            "required", List.of("port"));

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource dataSource;

    Caller admin;
    Caller viewer;
    Sql sql;

    @BeforeEach
    void callers() {
        admin = fixtures.caller(Role.ADMIN);
        viewer = fixtures.caller(Role.VIEWER);
        sql = new Sql(dataSource);
    }

    private Response create(Map<String, Object> body) {
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(body).post("/api/v1/tools");
    }

    private Response put(int tool, Map<String, Object> body) {
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(body).put("/api/v1/tools/" + tool);
    }

    private Response versions(Caller caller, int tool) {
        return given().header("Authorization", caller.bearer()).queryParam("size", 100).get("/api/v1/tools/" + tool + "/versions");
    }

    private static Map<String, Object> tool(String name, String version, String description) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("version", version);
        body.put("description", description);
        return body;
    }

    @Test
    void aNewDefinitionIsRecordedOnceAndTheListSaysWhichIsCurrent() {
        String name = Fixtures.unique("vt-broca");
        Response created = create(tool(name, "1.0.0", "first"));
        created.then().statusCode(201).body("version", equalTo("1.0.0")).header("Animus-Version-Id", notNullValue());
        int id = created.path("id");
        long first = Long.parseLong(created.header("Animus-Version-Id"));
        versions(viewer, id).then().statusCode(200).body("total", equalTo(1)).body("items", hasSize(1))
                .body("items[0].id", equalTo((int) first)).body("items[0].version", equalTo("1.0.0"))
                .body("items[0].source", equalTo("api")).body("items[0].recorded_by", equalTo(admin.id()))
                .body("items[0].manifest.description", equalTo("first")).body("items[0].manifest_hash", matchesPattern("[0-9a-f]{64}"))
                .body("items[0].is_current", equalTo(true)).body("items[0].conflicts_with", nullValue())
                .body("items[0].discovered_from", nullValue()).body("items[0].recorded_at", notNullValue());

        // state is not a version: the same definition with another status records nothing
        Map<String, Object> sameDefinition = tool(name, "1.0.0", "first");
        sameDefinition.put("status", "Healthy");
        sameDefinition.put("is_enabled", false);
        put(id, sameDefinition).then().statusCode(200).header("Animus-Version-Id", equalTo(String.valueOf(first)));
        versions(viewer, id).then().body("total", equalTo(1));

        Response second = put(id, tool(name, "1.1.0", "second"));
        second.then().statusCode(200);
        long secondId = Long.parseLong(second.header("Animus-Version-Id"));
        assertNotEquals(first, secondId);
        versions(viewer, id).then().body("total", equalTo(2)).body("items.version", contains("1.1.0", "1.0.0"))
                .body("items.is_current", contains(true, false)).body("items.conflicts_with", contains(null, null));

        // back to the first definition: no new row, and the first row is current again
        put(id, tool(name, "1.0.0", "first")).then().statusCode(200).header("Animus-Version-Id", equalTo(String.valueOf(first)));
        versions(viewer, id).then().body("total", equalTo(2)).body("items.is_current", contains(false, true));
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/" + id + "/versions/" + first).then().statusCode(200)
                .body("id", equalTo((int) first)).body("tool_id", equalTo(id)).body("is_current", equalTo(true));
    }

    @Test
    void aVersionStringThatComesBackWithAnotherBodyIsANewRowNamingTheOne() {
        String name = Fixtures.unique("vt-smcp");
        Response created = create(tool(name, "2.0.0", "original"));
        int id = created.path("id");
        long original = Long.parseLong(created.header("Animus-Version-Id"));
        Response changed = put(id, tool(name, "2.0.0", "changed without a new version"));
        changed.then().statusCode(200);
        long repeated = Long.parseLong(changed.header("Animus-Version-Id"));
        assertNotEquals(original, repeated);
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/" + id + "/versions/" + repeated).then().statusCode(200)
                .body("version", equalTo("2.0.0")).body("conflicts_with", equalTo((int) original)).body("is_current", equalTo(true))
                .body("manifest.description", equalTo("changed without a new version"));
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/" + id + "/versions/" + original).then()
                .body("conflicts_with", nullValue()).body("is_current", equalTo(false)).body("manifest.description", equalTo("original"));

        // a tool without a version string conflicts with nothing: its bodies are simply its history
        String unversioned = Fixtures.unique("vt-plain");
        int plain = create(tool(unversioned, null, "a")).path("id");
        put(plain, tool(unversioned, null, "b")).then().statusCode(200);
        versions(viewer, plain).then().body("total", equalTo(2)).body("items.conflicts_with", contains(null, null));
    }

    @Test
    void versionsAreOrderedBySemverPrecedenceAndTheOthersByTime() {
        String name = Fixtures.unique("vt-order");
        int id = create(tool(name, "1.9.0", "a")).path("id");
        for (String version : List.of("nightly", "2.0.0", "1.10.0", "2.0.0-rc.1", "1.0.0-alpha", "2024-05")) {
            put(id, tool(name, version, "body of " + version)).then().statusCode(200);
        }
        put(id, tool(name, null, "no version")).then().statusCode(200);
        versions(viewer, id).then().statusCode(200).body("total", equalTo(8)).body("items.version",
                contains("2.0.0", "2.0.0-rc.1", "1.10.0", "1.9.0", "1.0.0-alpha", null, "2024-05", "nightly"));
        // paging follows the same order
        given().header("Authorization", viewer.bearer()).queryParam("page", 1).queryParam("size", 3).get("/api/v1/tools/" + id + "/versions")
                .then().statusCode(200).body("total", equalTo(8)).body("page", equalTo(1)).body("size", equalTo(3))
                .body("items.version", contains("1.9.0", "1.0.0-alpha", null));
        given().header("Authorization", viewer.bearer()).queryParam("page", 9).get("/api/v1/tools/" + id + "/versions")
                .then().statusCode(200).body("total", equalTo(8)).body("items", empty());
    }

    @Test
    void aNewSchemaNamesExactlyTheInstancesItRejectsAndChangesNone() {
        String name = Fixtures.unique("vt-schema");
        int id = create(tool(name, "1.0.0", "no schema yet")).path("id");
        int valid = instance(id, Map.of("port", 8080));
        int invalid = instance(id, Map.of("port", "eighty"));
        int missing = instance(id, Map.of("host", "localhost"));
        int unconfigured = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/tools/" + id + "/instances").then().statusCode(201).extract().path("id");

        Map<String, Object> upgrade = tool(name, "2.0.0", "with a schema");
        upgrade.put("config_schema", PORT_SCHEMA);
        Response answer = put(id, upgrade);
        answer.then().statusCode(200).body("config_schema.required", contains("port"))
                .header("Animus-Invalid-Instances", equalTo(invalid + ", " + missing));
        long version = Long.parseLong(answer.header("Animus-Version-Id"));
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/" + id + "/versions/" + version).then().statusCode(200)
                .body("config_schema.required", contains("port"))
                .body("invalid_instances.instance_id", contains(invalid, missing))
                .body("invalid_instances[0].fields", contains("config.port"));
        // nothing was changed
        given().header("Authorization", admin.bearer()).get("/api/v1/tool-instances/" + invalid).then().body("config.port", equalTo("eighty"));
        given().header("Authorization", admin.bearer()).get("/api/v1/tool-instances/" + missing).then().body("config.host", equalTo("localhost"));
        given().header("Authorization", admin.bearer()).get("/api/v1/tool-instances/" + valid).then().body("config.port", equalTo(8080));
        given().header("Authorization", admin.bearer()).get("/api/v1/tool-instances/" + unconfigured).then().body("config", nullValue());

        // a schema every instance satisfies names none, by PATCH as by PUT (a merge patch removes members with a null)
        Map<String, Object> lenient = new HashMap<>();
        lenient.put("required", null);
        lenient.put("properties", null);
        Response accepting = given().header("Authorization", admin.bearer()).contentType("application/merge-patch+json")
                .body(Map.of("version", "2.1.0", "config_schema", lenient)).patch("/api/v1/tools/" + id);
        accepting.then().statusCode(200).header("Animus-Invalid-Instances", nullValue());
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/" + id + "/versions/" + accepting.header("Animus-Version-Id"))
                .then().body("invalid_instances", empty());
        // and a PATCH back to the strict schema names the same two again
        given().header("Authorization", admin.bearer()).contentType("application/merge-patch+json")
                .body(Map.of("version", "3.0.0", "config_schema", PORT_SCHEMA)).patch("/api/v1/tools/" + id)
                .then().statusCode(200).header("Animus-Invalid-Instances", equalTo(invalid + ", " + missing));
    }

    private int instance(int tool, Map<String, Object> config) {
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("config", config))
                .post("/api/v1/tools/" + tool + "/instances").then().statusCode(201).extract().path("id");
    }

    @Test
    void versionRowsCannotBeChangedOrDeletedExceptWithTheirTool() {
        String name = Fixtures.unique("vt-immutable");
        int id = create(tool(name, "1.0.0", "kept")).path("id");
        put(id, tool(name, "1.0.1", "kept too")).then().statusCode(200);
        sql.refused("23000", "UPDATE tool_versions SET version = '9.9.9' WHERE tool_id = ?", id);
        sql.refused("23000", "UPDATE tool_versions SET manifest = '{}'::jsonb WHERE tool_id = ?", id);
        sql.refused("23000", "DELETE FROM tool_versions WHERE tool_id = ?", id);
        sql.refused("23000", "TRUNCATE tool_versions");
        assertEquals(2L, sql.value(Long.class, "SELECT count(*) FROM tool_versions WHERE tool_id = ? AND version IN ('1.0.0', '1.0.1')", id));
        given().header("Authorization", admin.bearer()).delete("/api/v1/tools/" + id).then().statusCode(204);
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM tool_versions WHERE tool_id = ?", id));
    }

    @Test
    void everyRoleReadsTheVersionsOfAToolAndNobodyReadsThoseOfATheyCannotFind() {
        String name = Fixtures.unique("vt-read");
        Response created = create(tool(name, "1.0.0", "x"));
        int id = created.path("id");
        String version = created.header("Animus-Version-Id");
        for (Role role : Role.values()) {
            given().header("Authorization", fixtures.caller(role).bearer()).get("/api/v1/tools/" + id + "/versions").then().statusCode(200)
                    .body("total", equalTo(1));
        }
        given().get("/api/v1/tools/" + id + "/versions").then().statusCode(401);
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/2147483647/versions").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("2147483647"));
        // a version of another tool is not found through this one
        int other = create(tool(Fixtures.unique("vt-other"), "1.0.0", "y")).path("id");
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/" + other + "/versions/" + version).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/" + id + "/versions/" + version).then().statusCode(200);
        // hostile ids and paging
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/" + id + "/versions/9223372036854775807").then().statusCode(404);
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/" + id + "/versions/-1").then().statusCode(404);
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/" + id + "/versions/1e3").then().statusCode(404);
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/abc/versions").then().statusCode(404);
        given().header("Authorization", viewer.bearer()).queryParam("size", 101).get("/api/v1/tools/" + id + "/versions").then().statusCode(422)
                .contentType("application/problem+json");
        given().header("Authorization", viewer.bearer()).queryParam("page", -1).get("/api/v1/tools/" + id + "/versions").then().statusCode(422);
        given().header("Authorization", viewer.bearer()).queryParam("size", "many").get("/api/v1/tools/" + id + "/versions").then().statusCode(400);
        // the versions are read, never written, through these paths
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of()).post("/api/v1/tools/" + id + "/versions")
                .then().statusCode(either(equalTo(404)).or(equalTo(405)));
        versions(viewer, id).then().body("total", equalTo(1));
    }

    @Test
    void pluginVersionsAreRecordedAndFlaggedTheSameWay() {
        int id = create(tool(Fixtures.unique("vt-host"), "1.0.0", "host")).path("id");
        Map<String, Object> plugin = new HashMap<>(Map.of("name", "formatter", "version", "0.1.0", "config", Map.of("width", 80)));
        int pluginId = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(plugin)
                .post("/api/v1/tools/" + id + "/plugins").then().statusCode(201).extract().path("id");
        String path = "/api/v1/tools/" + id + "/plugins/" + pluginId;
        plugin.put("is_enabled", false);
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(plugin).put(path).then().statusCode(200);
        given().header("Authorization", viewer.bearer()).get(path + "/versions").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].version", equalTo("0.1.0")).body("items[0].manifest.config.width", equalTo(80))
                .body("items[0].is_current", equalTo(true)).body("items[0].plugin_id", equalTo(pluginId));
        plugin.put("version", "0.2.0");
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(plugin).put(path).then().statusCode(200);
        plugin.put("config", Map.of("width", 120));
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(plugin).put(path).then().statusCode(200);
        Response list = given().header("Authorization", viewer.bearer()).get(path + "/versions");
        list.then().body("total", equalTo(3)).body("items.version", contains("0.2.0", "0.2.0", "0.1.0"))
                .body("items.is_current", contains(true, false, false));
        assertEquals((Integer) list.path("items[1].id"), list.<Integer> path("items[0].conflicts_with"));
        given().header("Authorization", viewer.bearer()).get(path + "/versions/" + list.path("items[2].id")).then().statusCode(200)
                .body("conflicts_with", nullValue());
        sql.refused("23000", "UPDATE plugin_versions SET version = 'x' WHERE plugin_id = ?", pluginId);
        sql.refused("23000", "DELETE FROM plugin_versions WHERE plugin_id = ?", pluginId);
        // a plugin of another tool, or no tool, is not found
        int other = create(tool(Fixtures.unique("vt-host"), "1.0.0", "other host")).path("id");
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/" + other + "/plugins/" + pluginId + "/versions").then()
                .statusCode(404).contentType("application/problem+json");
        given().header("Authorization", viewer.bearer()).get("/api/v1/tools/2147483647/plugins/" + pluginId + "/versions").then()
                .statusCode(404);
        given().header("Authorization", admin.bearer()).delete(path).then().statusCode(204);
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM plugin_versions WHERE plugin_id = ?", pluginId));
    }
}
