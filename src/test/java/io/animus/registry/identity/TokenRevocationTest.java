package io.animus.registry.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A deactivation, a role change, a password change or the revocation of every session refuses the
 * user's access tokens at once, not at their expiry; tokens issued afterwards work, and other users'
 * tokens are untouched. (Across two replicas: {@code packaged/PackagedAppIT}.)
 */
@QuarkusTest
class TokenRevocationTest {

    /** An endpoint every role may read that does not look at the user's row. */
    private static final String ANY_ROLE = "/api/v1/tools";

    @Test
    void deactivationRefusesTheUsersTokens() {
        Account user = Accounts.create(Role.USER);
        String token = Accounts.accessToken(user);
        String bystander = Accounts.accessToken(Accounts.create(Role.USER));
        reads(token, 200);
        given().auth().oauth2(Accounts.adminToken()).delete("/api/v1/users/" + user.id()).then().statusCode(204);
        reads(token, 401);
        reads(bystander, 200);
        given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON).body(Map.of("is_active", true))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200);
        reads(token, 401);
        reads(Accounts.accessToken(user), 200);
    }

    @Test
    void deactivationByUpdateRefusesTheUsersTokens() {
        Account user = Accounts.create(Role.VIEWER);
        String token = Accounts.accessToken(user);
        update(user, Map.of("is_active", false));
        reads(token, 401);
    }

    @Test
    void aRoleChangeRefusesTheUsersTokensAndANewLoginCarriesTheNewRole() {
        Account user = Accounts.create(Role.ADMIN);
        String token = Accounts.accessToken(user);
        given().auth().oauth2(token).get("/api/v1/users").then().statusCode(200);
        update(user, Map.of("role", "viewer"));
        given().auth().oauth2(token).get("/api/v1/users").then().statusCode(401).contentType("application/problem+json");
        String fresh = Accounts.accessToken(user);
        given().auth().oauth2(fresh).get("/api/v1/users").then().statusCode(403);
        reads(fresh, 200);
    }

    @Test
    void aPasswordSetByAnAdminRefusesTheUsersTokens() {
        Account user = Accounts.create(Role.USER);
        String token = Accounts.accessToken(user);
        update(user, Map.of("password", "Another-Harbour-Lantern-43"));
        reads(token, 401);
        reads(Accounts.login(user.username(), "Another-Harbour-Lantern-43").then().statusCode(200).extract().path("access_token"), 200);
    }

    @Test
    void anOwnPasswordChangeRefusesEveryTokenAndTheSessionRefreshesToANewOne() {
        Account user = Accounts.create(Role.USER);
        Map<String, Object> current = Accounts.tokens(user);
        String other = Accounts.accessToken(user);
        String token = (String) current.get("access_token");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("old_password", user.password(), "new_password", "Changed-Harbour-Lantern-44"))
                .put("/api/v1/users/me/password").then().statusCode(204);
        reads(token, 401);
        reads(other, 401);
        String refreshed = given().contentType(ContentType.JSON).body(Map.of("refresh_token", current.get("refresh_token")))
                .post("/api/v1/auth/refresh").then().statusCode(200).extract().path("access_token");
        reads(refreshed, 200);
    }

    @Test
    void revokingEverySessionRefusesTheUsersTokens() {
        Account user = Accounts.create(Role.USER);
        String token = Accounts.accessToken(user);
        given().auth().oauth2(Accounts.adminToken()).delete("/api/v1/users/" + user.id() + "/sessions").then().statusCode(204);
        reads(token, 401);
    }

    @Test
    void changesThatDoNotTouchAccessKeepTheTokens() {
        Account user = Accounts.create(Role.USER);
        String token = Accounts.accessToken(user);
        update(user, Map.of("email", Accounts.unique("moved") + "@example.org"));
        reads(token, 200);
        given().auth().oauth2(Accounts.adminToken()).post("/api/v1/users/" + user.id() + "/unlock").then().statusCode(200);
        reads(token, 200);
        update(user, Map.of("role", "user"));
        reads(token, 200);
    }

    @Test
    void aTokenOfAUserWhoDoesNotExistIsRefused() {
        reads(io.animus.registry.testing.Tokens.forUser(Integer.MAX_VALUE, "nobody", Role.ADMIN), 401);
    }

    private static void update(Account user, Map<String, Object> body) {
        given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON).body(body)
                .patch("/api/v1/users/" + user.id()).then().statusCode(200);
    }

    private static void reads(String token, int status) {
        given().auth().oauth2(token).get(ANY_ROLE).then().statusCode(status);
        if (status == 401) {
            given().auth().oauth2(token).get(ANY_ROLE).then().contentType("application/problem+json").body("status", equalTo(401));
        }
    }
}
