package io.animus.registry.identity;

import io.animus.registry.identity.session.LoginTest;
import io.animus.registry.identity.session.RefreshTest;

import io.animus.registry.identity.session.RefreshTokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SessionsTest {

    @BeforeAll
    static void checkEveryAnswerForHashes() {
        NoSecretsFilter.install();
    }

    private static String sessionIdOf(String accessToken) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(ForgedTokens.claims(accessToken)).get("sid").asText();
    }

    @Test
    void everyoneListsTheirOwnSessionsOnlyWithTheCurrentOneMarked() throws Exception {
        Account viewer = Accounts.create(Role.VIEWER);
        Account other = Accounts.create(Role.VIEWER);
        Accounts.tokens(other);
        Accounts.tokens(viewer);
        String access = Accounts.accessToken(viewer);

        given().auth().oauth2(access).get("/api/v1/auth/sessions").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.user_id", everyItem(equalTo(viewer.id())))
                .body("items.find { it.current }.id", equalTo(sessionIdOf(access)))
                .body("items.findAll { it.current }.size()", equalTo(1))
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("session_token")))
                .body("items[0].ip_address", equalTo("127.0.0.1"));
    }

    @Test
    void logoutWithTheRefreshTokenEndsThatSession() {
        Account user = Accounts.create(Role.USER);
        String token = (String) Accounts.tokens(user).get("refresh_token");
        String kept = (String) Accounts.tokens(user).get("refresh_token");
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", token)).post("/api/v1/auth/logout")
                .then().statusCode(204);
        RefreshTest.refresh(token).then().statusCode(401);
        RefreshTest.refresh(kept).then().statusCode(200);
        assertEquals(1, LoginTest.sessionsOf(user.id()).size());
    }

    @Test
    void logoutWithTheAccessTokenEndsTheCurrentSession() {
        Account user = Accounts.create(Role.USER);
        Map<String, Object> tokens = Accounts.tokens(user);
        String kept = (String) Accounts.tokens(user).get("refresh_token");
        given().auth().oauth2((String) tokens.get("access_token")).post("/api/v1/auth/logout").then().statusCode(204);
        RefreshTest.refresh((String) tokens.get("refresh_token")).then().statusCode(401);
        RefreshTest.refresh(kept).then().statusCode(200);
    }

    @Test
    void logoutNeedsATokenOfSomeKind() {
        given().post("/api/v1/auth/logout").then().statusCode(401);
        given().auth().oauth2("not.a.token").post("/api/v1/auth/logout").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/auth/logout").then().statusCode(422)
                .body("errors[0].field", equalTo("refresh_token"));
        given().contentType(ContentType.JSON).body("{\"refresh_token\": ").post("/api/v1/auth/logout").then().statusCode(400);
    }

    @Test
    void logoutWithAnUnknownRefreshTokenChangesNothing() {
        Account user = Accounts.create(Role.USER);
        String token = (String) Accounts.tokens(user).get("refresh_token");
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", RefreshTokens.generate()))
                .post("/api/v1/auth/logout").then().statusCode(204);
        RefreshTest.refresh(token).then().statusCode(200);
    }

    @Test
    void aUserEndsTheirOwnSessionButNotAnothersWhichIsNotFound() throws Exception {
        Account user = Accounts.create(Role.USER);
        Account other = Accounts.create(Role.USER);
        Map<String, Object> userTokens = Accounts.tokens(user);
        Map<String, Object> otherTokens = Accounts.tokens(other);
        String otherSession = sessionIdOf((String) otherTokens.get("access_token"));
        String access = (String) userTokens.get("access_token");

        given().auth().oauth2(access).delete("/api/v1/auth/sessions/" + otherSession).then().statusCode(404);
        RefreshTest.refresh((String) otherTokens.get("refresh_token")).then().statusCode(200);

        given().auth().oauth2(access).delete("/api/v1/auth/sessions/" + sessionIdOf(access)).then().statusCode(204);
        RefreshTest.refresh((String) userTokens.get("refresh_token")).then().statusCode(401);
        given().auth().oauth2(access).delete("/api/v1/auth/sessions/" + sessionIdOf(access)).then().statusCode(404);
    }

    @Test
    void anAdminEndsAnyonesSession() throws Exception {
        Account user = Accounts.create(Role.USER);
        Map<String, Object> tokens = Accounts.tokens(user);
        given().auth().oauth2(Accounts.adminToken())
                .delete("/api/v1/auth/sessions/" + sessionIdOf((String) tokens.get("access_token"))).then().statusCode(204);
        RefreshTest.refresh((String) tokens.get("refresh_token")).then().statusCode(401);
    }

    @Test
    void anAdminListsAndEndsAllSessionsOfAUser() {
        Account user = Accounts.create(Role.USER);
        String first = (String) Accounts.tokens(user).get("refresh_token");
        String second = (String) Accounts.tokens(user).get("refresh_token");
        Account bystander = Accounts.create(Role.USER);
        String kept = (String) Accounts.tokens(bystander).get("refresh_token");

        given().auth().oauth2(Accounts.adminToken()).get("/api/v1/users/" + user.id() + "/sessions").then().statusCode(200)
                .body("total", equalTo(2)).body("items.user_id", everyItem(equalTo(user.id())));
        given().auth().oauth2(Accounts.adminToken()).delete("/api/v1/users/" + user.id() + "/sessions").then().statusCode(204);
        RefreshTest.refresh(first).then().statusCode(401);
        RefreshTest.refresh(second).then().statusCode(401);
        RefreshTest.refresh(kept).then().statusCode(200);
        assertEquals(List.of(), LoginTest.sessionsOf(user.id()));
        given().auth().oauth2(Accounts.adminToken()).get("/api/v1/users/999999/sessions").then().statusCode(404);
        given().auth().oauth2(Accounts.adminToken()).delete("/api/v1/users/999999/sessions").then().statusCode(404);
    }

    @Test
    void deactivationEndsEverySessionOfTheUser() {
        Account user = Accounts.create(Role.USER);
        String token = (String) Accounts.tokens(user).get("refresh_token");
        given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON).body(Map.of("is_active", false))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200).body("is_active", equalTo(false));
        assertEquals(List.of(), LoginTest.sessionsOf(user.id()));
        RefreshTest.refresh(token).then().statusCode(401);
    }

    @Test
    void theSessionListIsPaged() {
        Account user = Accounts.create(Role.USER);
        for (int i = 0; i < 3; i++) {
            Accounts.tokens(user);
        }
        String access = Accounts.accessToken(user);
        given().auth().oauth2(access).queryParam("size", 2).get("/api/v1/auth/sessions").then().statusCode(200)
                .body("total", equalTo(4)).body("items.size()", equalTo(2)).body("size", equalTo(2));
        given().auth().oauth2(access).queryParam("size", 500).get("/api/v1/auth/sessions").then().statusCode(422)
                .body("errors.field", hasItem("size"));
    }
}
