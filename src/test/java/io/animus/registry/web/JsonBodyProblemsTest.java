package io.animus.registry.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every kind of bad JSON body gets a problem detail with the offending field, whichever Jackson
 * exception Quarkus REST raises or wraps. The login endpoint serves as the example body.
 */
@QuarkusTest
class JsonBodyProblemsTest {

    private static final String LOGIN = "/api/v1/auth/login";

    @Test
    void anUnknownFieldIs422NamingIt() {
        given().contentType(ContentType.JSON).body("{\"username\":\"a\",\"password\":\"b\",\"extra\":1}").post(LOGIN)
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("extra"))
                .body("errors[0].message", equalTo("is not a known field"));
    }

    @Test
    void aValueOfTheWrongTypeIs422NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"username\":\"a\",\"password\":{\"x\":1}}").post(LOGIN)
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("password"));
    }

    @Test
    void aValueItsTypeRefusesIs422WithTheReason() {
        given().contentType(ContentType.JSON)
                .body("{\"username\":\"a\",\"email\":\"a@example.org\",\"password\":\"b\",\"role\":\"root\"}")
                .auth().oauth2(io.animus.registry.identity.Accounts.adminToken())
                .post("/api/v1/users")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("role"))
                .body("errors[0].message", equalTo("'root' is not one of [admin, user, viewer]"));
    }

    @Test
    void malformedJsonIs400WithWhereItBreaks() {
        given().contentType(ContentType.JSON).body("{\"username\": \"a\",").post(LOGIN)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", startsWith("The body is not valid JSON (line 1, column"));
    }

    @Test
    void aBodyOfAnotherShapeIs400() {
        given().contentType(ContentType.JSON).body("[1, 2]").post(LOGIN)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", startsWith("The body does not have the expected shape"));
    }
}
