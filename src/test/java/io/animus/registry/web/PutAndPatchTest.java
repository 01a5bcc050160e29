package io.animus.registry.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every resource with {@code PUT} takes back what its {@code GET} gave, and answers {@code PATCH} with
 * a JSON merge patch (RFC 7396) by the same rules: the registry's own fields repeated unchanged are
 * ignored, changed they are a 422 naming them, and a refused request changes nothing in the database.
 */
@QuarkusTest
class PutAndPatchTest {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    DataSource dataSource;

    /**
     * One resource with {@code PUT}: its table, how a new one is made (answering its path and id), a
     * field to edit with two values, and a patch that makes it invalid.
     */
    record Kind(String name, String table, Function<String, String[]> create, String field, Object value, Object otherValue,
            String invalidPatch, String invalidField) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind("agent", "agents", u -> created("/api/v1/agents", Map.of("letta_uid", "put-" + u, "name", "Put " + u)),
                        "description", "edited", "edited again", "{\"letta_uid\": null}", "letta_uid"),
                new Kind("tool", "tools", u -> created("/api/v1/tools", Map.of("name", "put-tool-" + u)),
                        "category", "edited", "edited again", "{\"name\": null}", "name"),
                new Kind("tool instance", "tool_instances", u -> created("/api/v1/tools/" + tool(u) + "/instances",
                        Map.of("name", "put-instance-" + u), "/api/v1/tool-instances/"),
                        "name", "edited", "edited again", "{\"agent_id\": 2147483647}", "agent_id"),
                new Kind("plugin", "plugins", u -> created("/api/v1/tools/" + tool(u) + "/plugins", Map.of("name", "put-plugin-" + u)),
                        "version", "2.0", "3.0", "{\"name\": null}", "name"),
                new Kind("configuration", "configurations",
                        u -> created("/api/v1/configurations", Map.of("key", "put." + u, "scope", "system", "value", "plain")),
                        "description", "edited", "edited again", "{\"type\": null}", "type"),
                new Kind("agent config", "agent_configs", u -> created("/api/v1/agent-configs", Map.of("agent_id",
                        Integer.parseInt(created("/api/v1/agents", Map.of("letta_uid", "put-owner-" + u))[1]),
                        "config_key", "put." + u, "config_value", "plain")),
                        "config_value", "edited", "edited again", "{\"config_type\": null}", "config_type"),
                new Kind("environment variable", "env_vars",
                        u -> created("/api/v1/env-vars", Map.of("var_name", "PUT_" + u.toUpperCase(), "var_value", "plain")),
                        "description", "edited", "edited again", "{\"is_encrypted\": null}", "is_encrypted"),
                new Kind("system setting", "system_config", u -> {
                    String key = "put." + u;
                    String[] made = created("/api/v1/system-config", Map.of("config_key", key, "config_value", "plain"));
                    return new String[] { "/api/v1/system-config/" + key, made[1] };
                }, "description", "edited", "edited again", "{\"config_type\": null}", "config_type"),
                new Kind("webhook", "webhooks", u -> created("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/hooks/" + u,
                        "events", java.util.List.of("ping"), "secret", "put-webhook-secret-" + u)),
                        "description", "edited", "edited again", "{\"url\": null}", "url"),
                new Kind("template", "templates", u -> created("/api/v1/templates", Map.of("name", "put-template-" + u, "kind", "agent",
                        "fields", Map.of("letta_uid", "put-{{uid}}"), "parameters", java.util.List.of(Map.of("name", "uid", "type", "string")))),
                        "description", "edited", "edited again", "{\"kind\": null}", "kind"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void whatGetGaveWithOneFieldEditedIsTakenBackByPut(Kind kind) throws SQLException {
        String[] made = kind.create().apply(unique());
        Map<String, Object> shown = get(made[0]);
        Map<String, Object> edited = new HashMap<>(shown);
        edited.put(kind.field(), kind.value());

        Response put = admin().contentType(ContentType.JSON).body(edited).put(made[0]);
        put.then().statusCode(200).header("ETag", startsWith("\"")).body(kind.field(), equalTo(kind.value()));
        Map<String, Object> after = get(made[0]);
        assertEquals(put.header("ETag"), admin().get(made[0]).header("ETag"));
        assertEquals(withoutVersion(edited), withoutVersion(after), "only " + kind.field() + " changed");
        assertNotEquals(shown.get("updated_at"), after.get("updated_at"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void putRefusesAContradictingServerFieldAndAnUnknownOneAndWritesNothing(Kind kind) throws SQLException {
        String[] made = kind.create().apply(unique());
        Map<String, Object> shown = get(made[0]);
        String stored = row(kind, made[1]);

        Map<String, Object> otherId = new HashMap<>(shown);
        otherId.put(kind.field(), kind.value());
        otherId.put("id", ((Integer) shown.get("id")) + 100_000);
        admin().contentType(ContentType.JSON).body(otherId).put(made[0]).then().statusCode(422)
                .contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("id"));

        Map<String, Object> otherCreation = new HashMap<>(shown);
        otherCreation.put(kind.field(), kind.value());
        otherCreation.put("created_at", "2001-01-01T00:00:00Z");
        admin().contentType(ContentType.JSON).body(otherCreation).put(made[0]).then().statusCode(422)
                .body("errors[0].field", equalTo("created_at"));

        Map<String, Object> unknown = new HashMap<>(shown);
        unknown.put(kind.field(), kind.value());
        unknown.put("colour", "red");
        admin().contentType(ContentType.JSON).body(unknown).put(made[0]).then().statusCode(422)
                .body("errors[0].field", equalTo("colour")).body("errors[0].message", equalTo("is not a known field"));

        assertEquals(stored, row(kind, made[1]), "a refused PUT changed the row");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void patchChangesTheFieldsItNamesAndHonoursIfMatch(Kind kind) throws SQLException {
        String[] made = kind.create().apply(unique());
        Map<String, Object> shown = get(made[0]);
        String tag = admin().get(made[0]).header("ETag");

        Response patched = admin().contentType(MERGE_PATCH).header("If-Match", tag)
                .body(Map.of(kind.field(), kind.value())).patch(made[0]);
        patched.then().statusCode(200).contentType(ContentType.JSON).body(kind.field(), equalTo(kind.value()));
        Map<String, Object> expected = new HashMap<>(shown);
        expected.put(kind.field(), kind.value());
        assertEquals(withoutVersion(expected), withoutVersion(get(made[0])));
        assertEquals(patched.header("ETag"), admin().get(made[0]).header("ETag"));

        String stored = row(kind, made[1]);
        admin().contentType(MERGE_PATCH).header("If-Match", tag).body(Map.of(kind.field(), kind.otherValue())).patch(made[0])
                .then().statusCode(412).contentType(Problem.MEDIA_TYPE);
        assertEquals(stored, row(kind, made[1]), "a PATCH with a stale If-Match changed the row");

        admin().contentType(MERGE_PATCH).body(Map.of(kind.field(), kind.otherValue())).patch(made[0])
                .then().statusCode(200).body(kind.field(), equalTo(kind.otherValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aPatchTheRegistryCannotApplyIsAProblemAndWritesNothing(Kind kind) throws SQLException {
        String[] made = kind.create().apply(unique());
        Map<String, Object> shown = get(made[0]);
        String stored = row(kind, made[1]);

        admin().contentType(MERGE_PATCH).body(kind.invalidPatch()).patch(made[0]).then().statusCode(422)
                .contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo(kind.invalidField()));
        admin().contentType(MERGE_PATCH).body(Map.of("created_at", "2001-01-01T00:00:00Z", kind.field(), kind.value()))
                .patch(made[0]).then().statusCode(422).body("errors[0].field", equalTo("created_at"));
        admin().contentType(MERGE_PATCH).body(Map.of("colour", "red")).patch(made[0]).then().statusCode(422)
                .body("errors[0].field", equalTo("colour"));
        admin().contentType(MERGE_PATCH).body("[{\"op\": \"replace\"}]").patch(made[0]).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("detail", startsWith("A merge patch must be a JSON object"));
        admin().contentType(MERGE_PATCH).body("{\"a\":").patch(made[0]).then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        admin().contentType(ContentType.JSON).body(Map.of(kind.field(), kind.value())).patch(made[0]).then().statusCode(415)
                .contentType(Problem.MEDIA_TYPE);
        admin().contentType("application/json-patch+json").body("[]").patch(made[0]).then().statusCode(415);

        assertEquals(stored, row(kind, made[1]), "a refused PATCH changed the row");
        assertEquals(shown, get(made[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void patchOfWhatDoesNotExistIs404AndRolesAreThoseOfPut(Kind kind) {
        String[] made = kind.create().apply(unique());
        String missing = made[0].replaceAll("/[^/]+$", "/" + (kind.table().equals("system_config") ? "no.such.key" : "2147483647"));
        admin().contentType(MERGE_PATCH).body(Map.of(kind.field(), kind.value())).patch(missing).then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
        admin().contentType(ContentType.JSON).body(Map.of(kind.field(), kind.value())).put(missing).then().statusCode(404);

        String viewer = Accounts.accessToken(Accounts.create(Role.VIEWER));
        given().auth().oauth2(viewer).contentType(MERGE_PATCH).body(Map.of(kind.field(), kind.value())).patch(made[0])
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().contentType(MERGE_PATCH).body(Map.of(kind.field(), kind.value())).patch(made[0])
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void theDocumentDescribesPatchBesideEveryPut() {
        Map<String, Map<String, Object>> paths = given().accept("application/json").queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        int described = 0;
        for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
            // not resources of a collection: a password change, and the Letta link's one settings document (no id, no 404,
            // every field optional in its PUT; see decisions-letta.md)
            if (!path.getValue().containsKey("put") || path.getKey().endsWith("/me/password") || path.getKey().equals("/api/v1/letta/settings")) {
                continue;
            }
            described++;
            String where = "paths.'" + path.getKey() + "'.patch.";
            given().accept("application/json").queryParam("format", "json").get("/q/openapi").then()
                    .body(where + "operationId", startsWith("patch"))
                    .body(where + "requestBody.content.'" + MERGE_PATCH + "'.schema.type", equalTo("object"))
                    .body(where + "responses.'200'.content.'application/json'.schema.'$ref'", startsWith("#/components/schemas/"))
                    .body(where + "responses.'404'.'$ref'", equalTo("#/components/responses/NotFound"))
                    .body(where + "responses.'412'.'$ref'", equalTo("#/components/responses/PreconditionFailed"))
                    .body(where + "responses.'415'.'$ref'", equalTo("#/components/responses/UnsupportedMediaType"))
                    .body(where + "responses.'422'.'$ref'", equalTo("#/components/responses/UnprocessableContent"))
                    .body("paths.'" + path.getKey() + "'.put.requestBody.content.'application/json'.schema.'$ref'",
                            startsWith("#/components/schemas/"));
        }
        assertEquals(kinds().count(), described, "every resource with PUT has PATCH, and this test covers each");
    }

    @Test
    void aSecretReadAsTheMaskIsKeptWhenWrittenBackAndCannotBeDecryptedByIt() throws SQLException {
        String u = unique();
        String[] made = created("/api/v1/env-vars", Map.of("var_name", "PUT_SECRET_" + u.toUpperCase(), "var_value", "s3cret-" + u,
                "is_encrypted", true));
        Map<String, Object> shown = get(made[0]);
        assertEquals("********", shown.get("var_value"));
        Map<String, Object> edited = new HashMap<>(shown);
        edited.put("description", "rotated monthly");
        admin().contentType(ContentType.JSON).body(edited).put(made[0]).then().statusCode(200)
                .body("description", equalTo("rotated monthly")).body("var_value", equalTo("********"));
        admin().contentType(MERGE_PATCH).body(Map.of("description", "rotated weekly")).patch(made[0]).then().statusCode(200);
        admin().get(made[0] + "/reveal").then().statusCode(200).body("var_value", equalTo("s3cret-" + u));

        Kind envVars = kinds().filter(kind -> kind.table().equals("env_vars")).findFirst().orElseThrow();
        String stored = row(envVars, made[1]);
        admin().contentType(MERGE_PATCH).body(Map.of("is_encrypted", false)).patch(made[0]).then().statusCode(422)
                .body("errors[0].field", equalTo("value"));
        assertEquals(stored, row(envVars, made[1]));
        admin().contentType(MERGE_PATCH).body(Map.of("is_encrypted", false, "var_value", "plain-" + u)).patch(made[0])
                .then().statusCode(200).body("var_value", equalTo("plain-" + u));
    }

    private static String[] created(String collection, Map<String, Object> body) {
        return created(collection, body, collection + "/");
    }

    /** Creates through the API; answers the new entry's path (under {@code itemPath}) and its id. */
    private static String[] created(String collection, Map<String, Object> body, String itemPath) {
        int id = admin().contentType(ContentType.JSON).body(body).post(collection).then().statusCode(201).extract().path("id");
        return new String[] { itemPath + id, String.valueOf(id) };
    }

    private static int tool(String u) {
        return Integer.parseInt(created("/api/v1/tools", Map.of("name", "put-owner-" + u))[1]);
    }

    private static Map<String, Object> get(String path) {
        return admin().get(path).then().statusCode(200).extract().jsonPath().getMap("");
    }

    private static Map<String, Object> withoutVersion(Map<String, Object> representation) {
        Map<String, Object> rest = new HashMap<>(representation);
        rest.remove("updated_at");
        return rest;
    }

    /** The row as the database holds it, as one JSON text. */
    private String row(Kind kind, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT to_jsonb(t)::text FROM " + kind.table() + " t WHERE id = ?")) {
            select.setInt(1, Integer.parseInt(id));
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(Accounts.adminToken());
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
