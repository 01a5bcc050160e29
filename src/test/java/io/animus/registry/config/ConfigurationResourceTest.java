package io.animus.registry.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.animus.registry.config.ConfigFixtures.Login;
import io.animus.registry.tool.ModuleScope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
public class ConfigurationResourceTest extends SignedInAsEveryRole {

    private static final String PATH = "/api/v1/configurations";

    public static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private ValidatableResponse create(Login who, Map<String, Object> body) {
        return given().auth().oauth2(who.token()).contentType(ContentType.JSON).body(body).when().post(PATH).then();
    }

    @Test
    void createReadUpdateAndDeleteWithEntityTags() {
        String key = ConfigFixtures.unique("db.pool.");
        var created = create(admin, body("key", key, "value", "10", "type", "number", "scope", "system", "description", "pool size"))
                .statusCode(201)
                .header("Location", containsString(PATH + "/"))
                .header("ETag", notNullValue())
                .body("key", equalTo(key))
                .body("value", equalTo("10"))
                .body("type", equalTo("number"))
                .body("scope", equalTo("system"))
                .body("scope_id", nullValue())
                .body("is_encrypted", equalTo(false))
                .body("created_by", equalTo(admin.id()))
                .body("entry_key", equalTo("configurations:system::" + key))
                .extract();
        int id = created.path("id");
        String etag = created.header("ETag");

        given().auth().oauth2(viewer.token()).when().get(PATH + "/" + id)
                .then().statusCode(200).header("ETag", equalTo(etag)).body("value", equalTo("10"));

        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).header("If-Match", "\"stale\"")
                .body(body("value", "20", "type", "number", "is_encrypted", false))
                .when().put(PATH + "/" + id)
                .then().statusCode(412).contentType("application/problem+json");

        String newTag = given().auth().oauth2(admin.token()).contentType(ContentType.JSON).header("If-Match", etag)
                .body(body("value", "20", "type", "number", "is_encrypted", false, "description", "bigger"))
                .when().put(PATH + "/" + id)
                .then().statusCode(200).body("value", equalTo("20")).body("description", equalTo("bigger"))
                .extract().header("ETag");
        assertNotEquals(etag, newTag);

        given().auth().oauth2(admin.token()).header("If-Match", etag).when().delete(PATH + "/" + id).then().statusCode(412);
        given().auth().oauth2(admin.token()).header("If-Match", newTag).when().delete(PATH + "/" + id).then().statusCode(204);
        given().auth().oauth2(admin.token()).when().get(PATH + "/" + id).then().statusCode(404);
        given().auth().oauth2(admin.token()).when().delete(PATH + "/" + id).then().statusCode(404);
    }

    @Test
    void theScopeIdMustFitTheScopeAndNameAnExistingEntity() {
        String key = ConfigFixtures.unique("k.");
        create(admin, body("key", key, "scope", "system", "scope_id", 1)).statusCode(422)
                .body("errors[0].field", equalTo("scope_id"));
        create(admin, body("key", key, "scope", "agent")).statusCode(422).body("detail", containsString("scope_id"));
        create(admin, body("key", key, "scope", "agent", "scope_id", 999_999)).statusCode(422)
                .body("detail", containsString("no agent has the id 999999"));
        create(admin, body("key", key, "scope", "tool", "scope_id", 999_999)).statusCode(422)
                .body("detail", containsString("no tool has the id 999999"));
        create(admin, body("key", key, "scope", "user", "scope_id", 999_999)).statusCode(422)
                .body("detail", containsString("no user has the id 999999"));
        create(admin, body("key", key, "scope", "planet")).statusCode(422);
        create(admin, body("key", key, "scope", "agent", "scope_id", fixtures.agent(null, null))).statusCode(201);
        create(admin, body("key", key, "scope", "tool", "scope_id", fixtures.tool(ModuleScope.GLOBAL))).statusCode(201);
        create(admin, body("key", key, "scope", "user", "scope_id", user.id())).statusCode(201);
        create(admin, body("key", key, "scope", "system")).statusCode(201);
    }

    @Test
    void aKeyIsUniqueWithinItsScope() {
        String key = ConfigFixtures.unique("dup.");
        int agent = fixtures.agent(null, null);
        create(admin, body("key", key, "scope", "agent", "scope_id", agent)).statusCode(201);
        create(admin, body("key", key, "scope", "agent", "scope_id", agent)).statusCode(409)
                .body("detail", containsString("already exists"));
        create(admin, body("key", key, "scope", "agent", "scope_id", fixtures.agent(null, null))).statusCode(201);
        create(admin, body("key", key, "scope", "system")).statusCode(201);
        create(admin, body("key", key, "scope", "system")).statusCode(409);
    }

    @Test
    void valuesMustMatchTheirTypeAndTheRefusalNamesTheKey() {
        Map<String, List<String>> good = Map.of("string", List.of("abc", ""), "number", List.of("42", "-1.5e3"),
                "boolean", List.of("true", "false"), "json", List.of("{\"a\":[1,2]}", "[]"));
        Map<String, List<String>> bad = Map.of("number", List.of("abc", "1,5", "NaN"), "boolean", List.of("yes", "TRUE"),
                "json", List.of("{", "{a:1}"));
        good.forEach((type, values) -> values.forEach(value -> create(admin,
                body("key", ConfigFixtures.unique("good."), "value", value, "type", type, "scope", "system")).statusCode(201)
                .body("type", equalTo(type)).body("value", equalTo(value))));
        bad.forEach((type, values) -> values.forEach(value -> {
            String key = ConfigFixtures.unique("bad.");
            create(admin, body("key", key, "value", value, "type", type, "scope", "system")).statusCode(422)
                    .contentType("application/problem+json")
                    .body("detail", containsString("'" + key + "'"))
                    .body("detail", containsString(type))
                    .body("errors[0].field", equalTo("value"));
        }));
        create(admin, body("key", ConfigFixtures.unique("bad."), "value", "1", "type", "float", "scope", "system")).statusCode(422);
    }

    @Test
    void anUpdateIsTypeCheckedAgainstTheNewType() {
        int id = create(admin, body("key", ConfigFixtures.unique("t."), "value", "abc", "scope", "system")).statusCode(201)
                .extract().path("id");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("value", "abc", "type", "number", "is_encrypted", false))
                .when().put(PATH + "/" + id).then().statusCode(422).body("detail", containsString("is not a number"));
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("value", "7", "type", "number", "is_encrypted", false))
                .when().put(PATH + "/" + id).then().statusCode(200).body("type", equalTo("number"));
    }

    @Test
    void theKeyAndScopeOfAConfigurationNeverChange() {
        int id = create(admin, body("key", ConfigFixtures.unique("fixed."), "scope", "system")).statusCode(201).extract().path("id");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("key", "renamed", "value", "1", "type", "string", "is_encrypted", false))
                .when().put(PATH + "/" + id).then().statusCode(422).body("errors[0].field", equalTo("key"));
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("value", "1", "is_encrypted", false))
                .when().put(PATH + "/" + id).then().statusCode(422).body("errors[0].field", equalTo("type"));
    }

    @Test
    void usersAndViewersReadButDoNotWrite() {
        int id = create(admin, body("key", ConfigFixtures.unique("ro."), "value", "v", "scope", "system")).statusCode(201)
                .extract().path("id");
        for (Login reader : List.of(user, viewer)) {
            create(reader, body("key", ConfigFixtures.unique("ro."), "scope", "system")).statusCode(403);
            given().auth().oauth2(reader.token()).contentType(ContentType.JSON)
                    .body(body("value", "w", "type", "string", "is_encrypted", false))
                    .when().put(PATH + "/" + id).then().statusCode(403);
            given().auth().oauth2(reader.token()).when().delete(PATH + "/" + id).then().statusCode(403);
            given().auth().oauth2(reader.token()).when().get(PATH + "/" + id).then().statusCode(200).body("value", equalTo("v"));
            given().auth().oauth2(reader.token()).when().get(PATH + "/" + id + "/reveal").then().statusCode(403);
        }
        given().when().get(PATH + "/" + id).then().statusCode(401);
    }

    @Test
    void secretsAreMaskedForEveryoneAndRevealedToAdminsOnly() {
        String key = ConfigFixtures.unique("api.token.");
        int id = create(admin, body("key", key, "value", "s3cr3t-" + key, "scope", "system", "is_encrypted", true))
                .statusCode(201).body("value", equalTo("********")).body("is_encrypted", equalTo(true)).extract().path("id");
        for (Login reader : List.of(admin, user, viewer)) {
            given().auth().oauth2(reader.token()).when().get(PATH + "/" + id).then().statusCode(200)
                    .body("value", equalTo("********"));
            given().auth().oauth2(reader.token()).queryParam("key", key).when().get(PATH).then().statusCode(200)
                    .body("items[0].value", equalTo("********"));
        }
        given().auth().oauth2(admin.token()).when().get(PATH + "/" + id + "/reveal").then().statusCode(200)
                .body("value", equalTo("s3cr3t-" + key));
        given().auth().oauth2(user.token()).when().get(PATH + "/" + id + "/reveal").then().statusCode(403);
        given().auth().oauth2(viewer.token()).when().get(PATH + "/" + id + "/reveal").then().statusCode(403);
    }

    @Test
    void theMaskSentBackKeepsTheSecretAndIsNeverStoredAsOne() {
        int id = create(admin, body("key", ConfigFixtures.unique("masked."), "value", "real", "scope", "system", "is_encrypted", true))
                .statusCode(201).extract().path("id");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("value", "********", "type", "string", "is_encrypted", true, "description", "kept"))
                .when().put(PATH + "/" + id).then().statusCode(200).body("description", equalTo("kept"));
        given().auth().oauth2(admin.token()).when().get(PATH + "/" + id + "/reveal").then().body("value", equalTo("real"));
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("value", "********", "type", "string", "is_encrypted", false))
                .when().put(PATH + "/" + id).then().statusCode(422).body("detail", containsString("mask"));
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("value", "********", "type", "number", "is_encrypted", true))
                .when().put(PATH + "/" + id).then().statusCode(422);
        create(admin, body("key", ConfigFixtures.unique("masked."), "value", "********", "scope", "system", "is_encrypted", true))
                .statusCode(422).body("detail", containsString("mask"));
        given().auth().oauth2(admin.token()).when().get(PATH + "/" + id + "/reveal").then().body("value", equalTo("real"))
                .body("is_encrypted", equalTo(true)).body("type", equalTo("string"));
    }

    @Test
    void aTypeErrorOfASecretDoesNotEchoIt() {
        String secret = ConfigFixtures.unique("not-a-number-secret-");
        String key = ConfigFixtures.unique("secret.number.");
        String answer = create(admin, body("key", key, "value", secret, "type", "number", "scope", "system", "is_encrypted", true))
                .statusCode(422).body("detail", containsString(key)).extract().asString();
        assertEquals(-1, answer.indexOf(secret), answer);
    }

    @Test
    void listsFilterByScopeScopeIdAndKeyAndArePaged() {
        int agent = fixtures.agent(null, null);
        String key = ConfigFixtures.unique("filtered.");
        for (int i = 0; i < 3; i++) {
            create(admin, body("key", key + i, "scope", "agent", "scope_id", agent)).statusCode(201);
        }
        given().auth().oauth2(user.token()).queryParam("scope", "agent").queryParam("scope_id", agent).queryParam("size", 2)
                .when().get(PATH).then().statusCode(200)
                .body("total", equalTo(3)).body("items.size()", equalTo(2)).body("size", equalTo(2))
                .body("items.scope_id", everyItem(equalTo(agent)));
        given().auth().oauth2(user.token()).queryParam("key", key + "1").when().get(PATH).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].key", equalTo(key + "1"));
        given().auth().oauth2(user.token()).queryParam("scope", "nowhere").when().get(PATH).then().statusCode(422);
        given().auth().oauth2(user.token()).queryParam("size", 1000).when().get(PATH).then().statusCode(422);
    }

    @Test
    void configurationsOfInvisibleAgentsAndOfOtherUsersAreHiddenFromNonAdmins() {
        int hidden = fixtures.agent(null, List.of("admin"));
        int visible = fixtures.agent(List.of(user.id()), null);
        String key = ConfigFixtures.unique("visibility.");
        int ofHidden = create(admin, body("key", key, "scope", "agent", "scope_id", hidden)).statusCode(201).extract().path("id");
        int ofVisible = create(admin, body("key", key, "scope", "agent", "scope_id", visible)).statusCode(201).extract().path("id");
        int ofUser = create(admin, body("key", key, "scope", "user", "scope_id", user.id())).statusCode(201).extract().path("id");

        given().auth().oauth2(user.token()).when().get(PATH + "/" + ofHidden).then().statusCode(404);
        given().auth().oauth2(user.token()).when().get(PATH + "/" + ofVisible).then().statusCode(200);
        given().auth().oauth2(user.token()).when().get(PATH + "/" + ofUser).then().statusCode(200);
        given().auth().oauth2(user.token()).queryParam("key", key).queryParam("size", 100).when().get(PATH).then().statusCode(200)
                .body("items.id", hasItem(ofVisible)).body("items.id", hasItem(ofUser)).body("items.id", not(hasItem(ofHidden)));

        // the viewer is not named by the visible agent's list, and the user-scoped entry is not theirs
        given().auth().oauth2(viewer.token()).when().get(PATH + "/" + ofVisible).then().statusCode(404);
        given().auth().oauth2(viewer.token()).when().get(PATH + "/" + ofUser).then().statusCode(404);
        given().auth().oauth2(admin.token()).when().get(PATH + "/" + ofHidden).then().statusCode(200);
    }

    @Test
    void malformedBodiesAreRefused() {
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body("{\"key\":").when().post(PATH).then().statusCode(400);
        create(admin, body("scope", "system")).statusCode(422).body("errors[0].field", equalTo("key"));
        create(admin, body("key", "x", "scope", "system", "value", Map.of("a", 1))).statusCode(422)
                .body("errors[0].field", equalTo("value"));
    }
}
