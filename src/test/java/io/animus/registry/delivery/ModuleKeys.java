package io.animus.registry.delivery;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.animus.registry.config.ConfigFixtures;
import io.restassured.http.ContentType;

/** Module keys for the delivery tests, created and revoked through the API as an operator does. */
final class ModuleKeys {

    /** A key shown once, with its id. */
    record Key(int id, String secret) {
        String authorization() {
            return "ApiKey " + secret;
        }
    }

    private ModuleKeys() {
    }

    /** A module key bound to a scope: {@code tool_id}, {@code tool_instance_id} or {@code agent_id}. */
    static Key create(String adminToken, String scopeField, int scopeId) {
        var answer = given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("name", ConfigFixtures.unique("module-"), "role", "module", scopeField, scopeId))
                .post("/api/v1/service-keys").then().statusCode(201).extract().jsonPath();
        return new Key(answer.getInt("id"), answer.getString("key"));
    }

    /** A JSON body from name/value pairs; values may be null. */
    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    static void revoke(String adminToken, Key key) {
        given().auth().oauth2(adminToken).post("/api/v1/service-keys/" + key.id() + "/revoke").then().statusCode(200);
    }
}
