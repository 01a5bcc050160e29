package io.animus.registry.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every refused request answers problem+json with a status that says why, whatever refused it. */
@QuarkusTest
class ErrorResponsesTest {

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /**
     * For the two huge bodies below: REST-assured's log kept in case validation fails pretty-prints the
     * body with Groovy, which needs hundreds of megabytes for 2 MiB or 5,000-deep nesting. (Set per
     * request: the test framework puts back the global configuration before each test.)
     */
    private static final io.restassured.config.RestAssuredConfig UNLOGGED = io.restassured.config.RestAssuredConfig.config();

    @Inject
    Fixtures fixtures;

    Caller admin;

    @BeforeEach
    void caller() {
        admin = fixtures.caller(Role.ADMIN);
    }

    @Test
    void unknownRoutesAreProblems() {
        given().header("Authorization", admin.bearer()).get("/api/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().get("/no/such/page").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aWrongMethodOrMediaTypeIsAProblem() {
        given().header("Authorization", admin.bearer()).patch("/api/v1/agents").then().statusCode(405)
                .contentType("application/problem+json");
        given().header("Authorization", admin.bearer()).contentType(ContentType.XML).body("<agent/>").post("/api/v1/agents")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void anOversizedBodyIsA413Problem() {
        String huge = "{\"letta_uid\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        given().config(UNLOGGED).header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(huge).post("/api/v1/agents")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutAServerError() {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        given().config(UNLOGGED).header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body("{\"letta_uid\": \"deep\", \"config\": " + nested + "}").post("/api/v1/agents")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] body = { '{', '"', 'l', 'e', 't', 't', 'a', '_', 'u', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
        given().header("Authorization", admin.bearer()).contentType("application/json; charset=UTF-8").body(body)
                .post("/api/v1/agents").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aNonNumericOrHugeIdIsNotAServerError() {
        given().header("Authorization", admin.bearer()).get("/api/v1/agents/abc").then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", admin.bearer()).get("/api/v1/agents/99999999999999999999").then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", admin.bearer()).get("/api/v1/agents/-1").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void problemsCarryNoStackTrace() {
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body("{\"letta_uid\": 5, \"status\": []}")
                .post("/api/v1/agents").then().statusCode(422).contentType("application/problem+json")
                .body(not(containsString("at io.")), not(containsString("Exception")));
    }
}
