package io.animus.registry.identity.session;

import io.animus.registry.identity.Role;

import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.ForgedTokens;
import io.animus.registry.identity.NoSecretsFilter;

import io.animus.registry.identity.session.Authenticator;
import io.animus.registry.identity.session.RefreshTokens;
import io.animus.registry.identity.session.UserSession;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.identity.Accounts.Account;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
public class RefreshTest {

    @BeforeAll
    static void checkEveryAnswerForHashes() {
        NoSecretsFilter.install();
    }

    public static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refresh_token", refreshToken)).post("/api/v1/auth/refresh");
    }

    @Test
    void aRefreshAnswersNewTokensAndRotatesTheRefreshToken() {
        Account user = Accounts.create(Role.USER);
        Map<String, Object> login = Accounts.tokens(user);
        String first = (String) login.get("refresh_token");

        Response refreshed = refresh(first);
        refreshed.then().statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .body("refresh_token", not(equalTo(first)))
                .body("access_token", not(equalTo(login.get("access_token"))));
        String second = refreshed.path("refresh_token");
        given().auth().oauth2(refreshed.<String>path("access_token")).get("/api/v1/users/me").then().statusCode(200);

        UserSession session = LoginTest.sessionsOf(user.id()).get(0);
        assertEquals(RefreshTokens.hash(second), session.sessionToken);
        assertEquals(RefreshTokens.hash(first), session.previousToken);
        assertTrue(session.refreshedAt != null);
        refresh(second).then().statusCode(200);
    }

    @Test
    void theRefreshedAccessTokenKeepsTheSession() throws Exception {
        Account user = Accounts.create(Role.VIEWER);
        Map<String, Object> login = Accounts.tokens(user);
        String refreshedToken = refresh((String) login.get("refresh_token")).then().statusCode(200).extract().path("access_token");
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(ForgedTokens.claims((String) login.get("access_token"))).get("sid"),
                json.readTree(ForgedTokens.claims(refreshedToken)).get("sid"));
    }

    @Test
    void reusingARotatedTokenIsRefusedAndRevokesTheSession() {
        Account user = Accounts.create(Role.USER);
        String first = (String) Accounts.tokens(user).get("refresh_token");
        String second = refresh(first).then().statusCode(200).extract().path("refresh_token");

        refresh(first).then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo(Authenticator.INVALID_REFRESH));
        assertEquals(List.of(), LoginTest.sessionsOf(user.id()), "the whole session is revoked");
        refresh(second).then().statusCode(401);
    }

    @Test
    void reuseRevokesOnlyThatSession() {
        Account user = Accounts.create(Role.USER);
        String stolen = (String) Accounts.tokens(user).get("refresh_token");
        String otherDevice = (String) Accounts.tokens(user).get("refresh_token");
        refresh(stolen).then().statusCode(200);
        refresh(stolen).then().statusCode(401);
        refresh(otherDevice).then().statusCode(200);
    }

    @Test
    void anUnknownTokenIsRefusedWithoutHarm() {
        Account user = Accounts.create(Role.USER);
        String token = (String) Accounts.tokens(user).get("refresh_token");
        refresh(RefreshTokens.generate()).then().statusCode(401).body("detail", equalTo(Authenticator.INVALID_REFRESH));
        refresh(token).then().statusCode(200);
    }

    @Test
    void anAccessTokenIsNoRefreshToken() {
        Account user = Accounts.create(Role.USER);
        String access = Accounts.accessToken(user);
        refresh(access).then().statusCode(422);
    }

    @Test
    void anExpiredSessionCannotBeRefreshedAndIsRemoved() {
        Account user = Accounts.create(Role.USER);
        String token = (String) Accounts.tokens(user).get("refresh_token");
        QuarkusTransaction.requiringNew().run(() -> UserSession.update("expiresAt = ?1 where user.id = ?2",
                Instant.now().minusSeconds(1), user.id()));
        refresh(token).then().statusCode(401);
        assertEquals(List.of(), LoginTest.sessionsOf(user.id()));
    }

    @Test
    void aDeactivatedUserCannotRefresh() {
        Account user = Accounts.create(Role.USER);
        String token = (String) Accounts.tokens(user).get("refresh_token");
        Accounts.change(user.id(), stored -> stored.active = false);
        refresh(token).then().statusCode(401);
        Accounts.change(user.id(), stored -> stored.active = true);
        refresh(token).then().statusCode(401);
    }

    @Test
    void aLockedUserKeepsTheSessionsTheyHave() {
        Account user = Accounts.create(Role.USER);
        String token = (String) Accounts.tokens(user).get("refresh_token");
        Accounts.change(user.id(), stored -> stored.lockedUntil = Instant.now().plusSeconds(600));
        refresh(token).then().statusCode(200);
        Accounts.login(user.username(), user.password()).then().statusCode(401);
    }

    @Test
    void aRefreshCarriesTheCurrentRole() throws Exception {
        Account user = Accounts.create(Role.VIEWER);
        String token = (String) Accounts.tokens(user).get("refresh_token");
        given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON).body(Map.of("role", "user"))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200);
        String access = refresh(token).then().statusCode(200).extract().path("access_token");
        assertEquals("user", new ObjectMapper().readTree(ForgedTokens.claims(access)).get("groups").get(0).asText());
    }

    @Test
    void eachRefreshMovesTheExpiryButNotPastTheSessionMaximum() {
        Account user = Accounts.create(Role.USER);
        String token = (String) Accounts.tokens(user).get("refresh_token");
        Instant oldCreation = Instant.now().minus(java.time.Duration.ofDays(29));
        QuarkusTransaction.requiringNew().run(() -> UserSession.getEntityManager()
                .createNativeQuery("UPDATE user_sessions SET created_at = ?1 WHERE user_id = ?2")
                .setParameter(1, java.sql.Timestamp.from(oldCreation)).setParameter(2, user.id()).executeUpdate());
        refresh(token).then().statusCode(200);
        UserSession session = LoginTest.sessionsOf(user.id()).get(0);
        long daysLeft = java.time.Duration.between(Instant.now(), session.expiresAt).toHours();
        assertTrue(daysLeft <= 24 && daysLeft >= 23, "30 days from the login, not 7 from now: " + daysLeft + " h");
        assertNotEquals(session.createdAt, session.expiresAt);
    }

    @Test
    void aRefreshNeedsAToken() {
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/auth/refresh")
                .then().statusCode(422).body("errors[0].field", equalTo("refresh_token"));
    }
}
