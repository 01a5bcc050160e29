package io.animus.registry.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.animus.registry.console.auth.ConsoleGate;
import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;

/** The console's refusals over plain HTTP: no token, no session, the wrong role; and the API left as it was. */
@QuarkusTest
class ConsoleRefusalsTest {

    /** Signs in through the console's form; the cookie filter then holds the session and CSRF cookies. */
    static String signIn(CookieFilter cookies, Accounts.Account account) {
        String page = given().filter(cookies).get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'")).extract().asString();
        String token = page.replaceAll("(?s).*name=\"csrf-token\" value=\"([^\"]+)\".*", "$1");
        given().filter(cookies).redirects().follow(false).contentType(ContentType.URLENC)
                .formParams(Map.of("csrf-token", token, "username", account.username(), "password", account.password()))
                .post("/sign-in").then().statusCode(303).header("Location", containsString("/agents"));
        return token;
    }

    @Test
    void anAnonymousPageRequestIsSentToSignIn() {
        given().redirects().follow(false).get("/configuration").then().statusCode(303)
                .header("Location", containsString("/"));
        given().redirects().follow(false).header("HX-Request", "true").get("/agents").then()
                .header("HX-Redirect", equalTo("/"));
    }

    @Test
    void aFormWithoutItsTokenIsRefusedWithAProblem() {
        CookieFilter cookies = new CookieFilter();
        signIn(cookies, Accounts.create(Role.USER));
        given().filter(cookies).contentType(ContentType.URLENC).formParam("session", "x").post("/chat/send")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo(ConsoleGate.CSRF_REFUSED));
        given().filter(cookies).contentType(ContentType.URLENC).formParams(Map.of("csrf-token", "AAAAAAAAAAAAAAAAAAAAAA", "session", "x"))
                .post("/chat/send").then().statusCode(400).body("detail", equalTo(ConsoleGate.CSRF_REFUSED));
    }

    @Test
    void aViewersAdminPostIsRefusedByTheApisRoleRule() {
        CookieFilter cookies = new CookieFilter();
        String token = signIn(cookies, Accounts.create(Role.VIEWER));
        given().filter(cookies).contentType(ContentType.URLENC)
                .formParams(Map.of("csrf-token", token, "username", Accounts.unique("forged"), "email", "forged@example.org",
                        "password", Accounts.PASSWORD, "role", "admin"))
                .post("/users/new").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void theApiReadsNoConsoleCookieAndAsksNoCsrfToken() {
        CookieFilter cookies = new CookieFilter();
        signIn(cookies, Accounts.create(Role.ADMIN));
        given().filter(cookies).get("/api/v1/agents").then().statusCode(401);
        given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", Accounts.unique("letta"))).post("/api/v1/agents").then().statusCode(201)
                .header("Set-Cookie", nullValue());
    }

    @Test
    void consoleRoutesAreNotInTheOpenApiDocument() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", not(org.hamcrest.Matchers.hasItem("/agents")))
                .body("paths.keySet()", not(org.hamcrest.Matchers.hasItem("/sign-in")));
    }
}
