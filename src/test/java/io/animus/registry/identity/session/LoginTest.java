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
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.identity.Accounts.Account;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
public class LoginTest {

    @BeforeAll
    static void checkEveryAnswerForHashes() {
        NoSecretsFilter.install();
    }

    @Test
    void aLoginAnswersTheTokenShape() {
        Account user = Accounts.create(Role.USER);
        Accounts.login(user.username(), user.password()).then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .body("access_token", matchesPattern("[\\w-]+\\.[\\w-]+\\.[\\w-]+"))
                .body("refresh_token", matchesPattern("[A-Za-z0-9_-]{43}"));
    }

    @Test
    void theAccessTokenNamesTheUserRoleSessionAndIssuer() throws Exception {
        Account user = Accounts.create(Role.VIEWER);
        String token = Accounts.accessToken(user);
        JsonNode claims = new ObjectMapper().readTree(ForgedTokens.claims(token));
        assertEquals(String.valueOf(user.id()), claims.get("sub").asText());
        assertEquals(user.username(), claims.get("upn").asText());
        assertEquals("viewer", claims.get("groups").get(0).asText());
        assertEquals(1, claims.get("groups").size());
        assertEquals("animus-registry", claims.get("iss").asText());
        assertNotNull(claims.get("jti"));
        assertNotNull(claims.get("sid"));
        long lifespan = claims.get("exp").asLong() - claims.get("iat").asLong();
        assertEquals(900, lifespan);
        assertTrue(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0])).contains("\"RS256\""));
        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200).body("username", equalTo(user.username()));
    }

    @Test
    void theUsernameIsMatchedWhateverItsCase() {
        Account user = Accounts.create(Role.USER);
        Accounts.login(user.username().toUpperCase(), user.password()).then().statusCode(200);
        Accounts.login(user.username(), user.password().toUpperCase()).then().statusCode(401);
    }

    @Test
    void aLoginRecordsTheTimeAndOpensASessionWithTheClient() {
        Account user = Accounts.create(Role.USER);
        assertNull(Accounts.stored(user.id()).lastLogin);
        Instant before = Instant.now().minusSeconds(1);
        given().contentType(ContentType.JSON).header("User-Agent", "animus-cli/1.2")
                .header("X-Forwarded-For", "203.0.113.9")
                .body(Map.of("username", user.username(), "password", user.password()))
                .post("/api/v1/auth/login").then().statusCode(200);
        assertTrue(Accounts.stored(user.id()).lastLogin.isAfter(before));
        List<UserSession> sessions = sessionsOf(user.id());
        assertEquals(1, sessions.size());
        UserSession session = sessions.get(0);
        assertEquals("animus-cli/1.2", session.userAgent);
        assertEquals("127.0.0.1", session.ipAddress, "X-Forwarded-For is not trusted unless proxy support is enabled");
        assertEquals(64, session.sessionToken.length(), "a SHA-256 in hex, not the token");
        assertTrue(session.expiresAt.isAfter(Instant.now().plusSeconds(7 * 24 * 3600 - 60)));
    }

    @Test
    void theSessionStoresTheTokenOnlyAsItsHash() {
        Account user = Accounts.create(Role.USER);
        String refreshToken = (String) Accounts.tokens(user).get("refresh_token");
        UserSession session = sessionsOf(user.id()).get(0);
        assertNotEquals(refreshToken, session.sessionToken);
        assertEquals(RefreshTokens.hash(refreshToken), session.sessionToken);
    }

    @Test
    void aWrongPasswordIsRefusedAndCounted() {
        Account user = Accounts.create(Role.USER);
        Accounts.login(user.username(), "Not-The-Password-123").then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("detail", equalTo(Authenticator.INVALID_LOGIN));
        assertEquals(1, Accounts.stored(user.id()).failedLoginAttempts);
        assertEquals(List.of(), sessionsOf(user.id()));
    }

    @Test
    void aSuccessfulLoginResetsTheFailures() {
        Account user = Accounts.create(Role.USER);
        Accounts.login(user.username(), "Not-The-Password-123").then().statusCode(401);
        Accounts.login(user.username(), "Not-The-Password-456").then().statusCode(401);
        assertEquals(2, Accounts.stored(user.id()).failedLoginAttempts);
        Accounts.login(user.username(), user.password()).then().statusCode(200);
        assertEquals(0, Accounts.stored(user.id()).failedLoginAttempts);
    }

    @Test
    void aDeactivatedUserCannotLogIn() {
        Account user = Accounts.create(Role.USER);
        Accounts.login(user.username(), user.password()).then().statusCode(200);
        given().auth().oauth2(Accounts.adminToken()).delete("/api/v1/users/" + user.id()).then().statusCode(204);
        Accounts.login(user.username(), user.password()).then().statusCode(401)
                .body("detail", equalTo(Authenticator.INVALID_LOGIN));
    }

    @Test
    void unknownUserWrongPasswordLockedAndDeactivatedGetTheSameAnswer() {
        Account wrong = Accounts.create(Role.USER);
        Account locked = Accounts.create(Role.USER);
        Account deactivated = Accounts.create(Role.USER);
        Accounts.change(locked.id(), user -> user.lockedUntil = Instant.now().plusSeconds(600));
        Accounts.change(deactivated.id(), user -> user.active = false);

        Response unknown = Accounts.login(Accounts.unique("nobody"), Accounts.PASSWORD);
        Response wrongPassword = Accounts.login(wrong.username(), "Not-The-Password-123");
        Response lockedWithRightPassword = Accounts.login(locked.username(), locked.password());
        Response deactivatedWithRightPassword = Accounts.login(deactivated.username(), deactivated.password());

        for (Response answer : List.of(wrongPassword, lockedWithRightPassword, deactivatedWithRightPassword)) {
            assertEquals(401, answer.statusCode());
            assertEquals(unknown.statusCode(), answer.statusCode());
            assertEquals(unknown.contentType(), answer.contentType());
            assertEquals(unknown.asString(), answer.asString());
            assertEquals(headerNames(unknown), headerNames(answer));
        }
        assertEquals(0, Accounts.stored(locked.id()).failedLoginAttempts, "attempts while locked are not counted");
    }

    @Test
    void aBodyWithoutCredentialsBreaksTheRules() {
        given().contentType(ContentType.JSON).body(Map.of("username", "someone")).post("/api/v1/auth/login")
                .then().statusCode(422).body("errors.field", hasItem("password"));
        given().contentType(ContentType.JSON).body("{\"username\": \"a\", ").post("/api/v1/auth/login")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).post("/api/v1/auth/login").then().statusCode(422);
    }

    private static List<String> headerNames(Response response) {
        return response.headers().asList().stream().map(h -> h.getName().toLowerCase()).filter(n -> !n.equals("date"))
                .sorted().toList();
    }

    public static List<UserSession> sessionsOf(int userId) {
        return QuarkusTransaction.requiringNew().call(() -> UserSession.<UserSession>list("user.id", userId));
    }
}
