package io.animus.registry.console;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.animus.registry.identity.Accounts;
import io.restassured.http.ContentType;

/** Registry rows the console's tests look at, made through the API as an admin. */
final class ConsoleFixtures {

    private ConsoleFixtures() {
    }

    /** A new agent visible to everyone; its id. */
    static int agent(String name) {
        return given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", Accounts.unique("letta"), "name", name, "status", "Healthy"))
                .post("/api/v1/agents").then().statusCode(201).extract().path("id");
    }
}
