package io.animus.registry.config;

import static io.animus.registry.config.ConfigurationResourceTest.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.animus.registry.config.ConfigFixtures.Login;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class SystemConfigResourceTest extends SignedInAsEveryRole {

    private static final String PATH = "/api/v1/system-config";

    private ValidatableResponse create(Login who, Map<String, Object> body) {
        return given().auth().oauth2(who.token()).contentType(ContentType.JSON).body(body).when().post(PATH).then();
    }

    @Test
    void aSettingIsAddressedByItsKey() {
        String key = ConfigFixtures.unique("smtp.port.");
        String etag = create(admin, body("config_key", key, "config_value", "25", "config_type", "number", "category", "mail"))
                .statusCode(201)
                .header("Location", containsString(PATH + "/" + key))
                .body("config_key", equalTo(key)).body("config_value", equalTo("25")).body("config_type", equalTo("number"))
                .body("category", equalTo("mail")).body("entry_key", equalTo("system_config:" + key))
                .extract().header("ETag");
        given().auth().oauth2(viewer.token()).when().get(PATH + "/" + key).then().statusCode(200)
                .header("ETag", equalTo(etag)).body("config_value", equalTo("25"));
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).header("If-Match", "\"old\"")
                .body(body("config_value", "587", "config_type", "number", "is_encrypted", false))
                .when().put(PATH + "/" + key).then().statusCode(412);
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).header("If-Match", etag)
                .body(body("config_value", "587", "config_type", "number", "is_encrypted", false))
                .when().put(PATH + "/" + key).then().statusCode(200).body("config_value", equalTo("587"))
                .body("category", equalTo("general")).header("ETag", not(equalTo(etag)));
        given().auth().oauth2(admin.token()).when().delete(PATH + "/" + key).then().statusCode(204);
        given().auth().oauth2(admin.token()).when().get(PATH + "/" + key).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString(key));
    }

    @Test
    void theListFiltersByCategory() {
        String category = ConfigFixtures.unique("cat");
        create(admin, body("config_key", ConfigFixtures.unique("a."), "category", category)).statusCode(201);
        create(admin, body("config_key", ConfigFixtures.unique("b."), "category", category)).statusCode(201);
        create(admin, body("config_key", ConfigFixtures.unique("c."))).statusCode(201).body("category", equalTo("general"));
        given().auth().oauth2(user.token()).queryParam("category", category).when().get(PATH).then().statusCode(200)
                .body("total", equalTo(2)).body("items.category", everyItem(equalTo(category)));
        given().auth().oauth2(user.token()).queryParam("category", "general").queryParam("size", 100).when().get(PATH).then()
                .statusCode(200).body("items.category", everyItem(equalTo("general")));
    }

    @Test
    void everyTypeAcceptsItsValuesAndRefusesOthersNamingTheKey() {
        Map<String, List<String>> good = Map.of("string", List.of("any text"), "number", List.of("0", "3.5"),
                "boolean", List.of("false"), "json", List.of("{\"hosts\":[\"a\",\"b\"]}"));
        Map<String, List<String>> bad = Map.of("number", List.of("abc", "12px"), "boolean", List.of("1", "no"),
                "json", List.of("{\"a\":}", "[1,"));
        good.forEach((type, values) -> values.forEach(value -> create(admin,
                body("config_key", ConfigFixtures.unique("ok."), "config_value", value, "config_type", type)).statusCode(201)));
        bad.forEach((type, values) -> values.forEach(value -> {
            String key = ConfigFixtures.unique("nok.");
            create(admin, body("config_key", key, "config_value", value, "config_type", type)).statusCode(422)
                    .body("detail", containsString("'" + key + "'")).body("detail", containsString("is not a"));
            given().auth().oauth2(admin.token()).when().get(PATH + "/" + key).then().statusCode(404);
        }));
    }

    @Test
    void keysArePathSafeAndUnique() {
        create(admin, body("config_key", "has space")).statusCode(422).body("errors[0].field", equalTo("config_key"));
        create(admin, body("config_key", "a/b")).statusCode(422);
        create(admin, body("config_key", ".hidden")).statusCode(422);
        String key = ConfigFixtures.unique("Mixed_Case-key.");
        create(admin, body("config_key", key)).statusCode(201);
        create(admin, body("config_key", key)).statusCode(409).body("detail", containsString("already exists"));
    }

    @Test
    void secretsAreMaskedAndRevealedToAdminsOnly() {
        String key = ConfigFixtures.unique("smtp.password.");
        create(admin, body("config_key", key, "config_value", "pw-" + key, "is_encrypted", true)).statusCode(201)
                .body("config_value", equalTo("********"));
        for (Login reader : List.of(admin, user, viewer)) {
            given().auth().oauth2(reader.token()).when().get(PATH + "/" + key).then().statusCode(200)
                    .body("config_value", equalTo("********")).body("is_encrypted", equalTo(true));
        }
        given().auth().oauth2(admin.token()).when().get(PATH + "/" + key + "/reveal").then().statusCode(200)
                .body("config_value", equalTo("pw-" + key));
        given().auth().oauth2(user.token()).when().get(PATH + "/" + key + "/reveal").then().statusCode(403);
        given().auth().oauth2(viewer.token()).when().get(PATH + "/" + key + "/reveal").then().statusCode(403);
        given().auth().oauth2(admin.token()).queryParam("size", 100).when().get(PATH).then().statusCode(200)
                .body("items.config_value", not(hasItem("pw-" + key)));
    }

    @Test
    void onlyAdminsWrite() {
        String key = ConfigFixtures.unique("w.");
        create(admin, body("config_key", key)).statusCode(201);
        for (Login reader : List.of(user, viewer)) {
            create(reader, body("config_key", ConfigFixtures.unique("w."))).statusCode(403);
            given().auth().oauth2(reader.token()).contentType(ContentType.JSON)
                    .body(body("config_value", "x", "config_type", "string", "is_encrypted", false))
                    .when().put(PATH + "/" + key).then().statusCode(403);
            given().auth().oauth2(reader.token()).when().delete(PATH + "/" + key).then().statusCode(403);
            given().auth().oauth2(reader.token()).when().get(PATH).then().statusCode(200).body("total", notNullValue());
        }
    }
}
