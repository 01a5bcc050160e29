package io.animus.registry.identity;

import io.animus.registry.identity.session.RefreshTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** {@code /api/v1/users/me}: every user reads their own account and changes their own password. */
@QuarkusTest
class OwnAccountTest {

    private static final String NEW_PASSWORD = "Quiet-Orchard-Signal-58";

    @BeforeAll
    static void checkEveryAnswerForHashes() {
        NoSecretsFilter.install();
    }

    private static ValidatableResponse changePassword(String accessToken, String oldPassword, String newPassword) {
        Map<String, Object> body = new HashMap<>();
        body.put("old_password", oldPassword);
        body.put("new_password", newPassword);
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(body)
                .put("/api/v1/users/me/password").then();
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void everyRoleReadsItsOwnAccount(Role role) {
        Account account = Accounts.create(role);
        given().auth().oauth2(Accounts.accessToken(account)).get("/api/v1/users/me").then().statusCode(200)
                .header("ETag", notNullValue())
                .body("id", equalTo(account.id()))
                .body("username", equalTo(account.username()))
                .body("role", equalTo(role.label()))
                .body("last_login", notNullValue());
    }

    @Test
    void theOwnAccountNeedsAToken() {
        given().get("/api/v1/users/me").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("old_password", "a", "new_password", "b"))
                .put("/api/v1/users/me/password").then().statusCode(401);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void everyRoleChangesItsPasswordWithTheOldOne(Role role) {
        Account account = Accounts.create(role);
        changePassword(Accounts.accessToken(account), account.password(), NEW_PASSWORD).statusCode(204);
        Accounts.login(account.username(), account.password()).then().statusCode(401);
        Accounts.login(account.username(), NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void aPasswordChangeEndsTheOtherSessionsButNotThisOne() {
        Account user = Accounts.create(Role.USER);
        Map<String, Object> other = Accounts.tokens(user);
        Map<String, Object> current = Accounts.tokens(user);
        changePassword((String) current.get("access_token"), user.password(), NEW_PASSWORD).statusCode(204);
        RefreshTest.refresh((String) other.get("refresh_token")).then().statusCode(401);
        RefreshTest.refresh((String) current.get("refresh_token")).then().statusCode(200);
    }

    @Test
    void aWrongOldPasswordIsRefusedAndCountsAsAFailedLogin() {
        Account user = Accounts.create(Role.USER);
        String token = Accounts.accessToken(user);
        changePassword(token, "Not-The-Password-123", NEW_PASSWORD).statusCode(422)
                .body("errors[0].field", equalTo("old_password"));
        assertEquals(1, Accounts.stored(user.id()).failedLoginAttempts);
        Accounts.login(user.username(), user.password()).then().statusCode(200);
    }

    @Test
    void guessingTheOldPasswordLocksTheAccount() {
        Account user = Accounts.create(Role.USER);
        String token = Accounts.accessToken(user);
        for (int i = 0; i < 5; i++) {
            changePassword(token, "Not-The-Password-" + i + "00", NEW_PASSWORD).statusCode(422);
        }
        assertNotNull(Accounts.stored(user.id()).lockedUntil);
        changePassword(token, user.password(), NEW_PASSWORD).statusCode(422).body("errors[0].field", equalTo("old_password"));
        Accounts.login(user.username(), NEW_PASSWORD).then().statusCode(401);
        given().auth().oauth2(Accounts.adminToken()).post("/api/v1/users/" + user.id() + "/unlock").then().statusCode(200);
        Accounts.login(user.username(), user.password()).then().statusCode(200);
    }

    @Test
    void theOldPasswordIsRequired() {
        Account user = Accounts.create(Role.VIEWER);
        changePassword(Accounts.accessToken(user), null, NEW_PASSWORD).statusCode(422)
                .body("errors.field", hasItem("old_password"));
        Accounts.login(user.username(), user.password()).then().statusCode(200);
    }

    @Test
    void theNewPasswordFollowsTheRules() {
        Account user = Accounts.create(Role.USER);
        String token = Accounts.accessToken(user);
        changePassword(token, user.password(), "Password2024!").statusCode(422)
                .body("errors.field", hasItem("new_password")).body("errors.message", hasItem("is too common"));
        changePassword(token, user.password(), user.username() + "-Xq7#mW2").statusCode(422)
                .body("errors.message", hasItem("must not contain the username"));
        changePassword(token, user.password(), user.password()).statusCode(422)
                .body("errors[0].message", equalTo("must differ from the current password"));
        changePassword(token, user.password(), null).statusCode(422).body("errors.field", hasItem("new_password"));
        Accounts.login(user.username(), user.password()).then().statusCode(200);
        assertEquals(0, Accounts.stored(user.id()).failedLoginAttempts);
    }

    @Test
    void aDeactivatedUserCannotUseATokenStillValidForTheirAccount() {
        Account user = Accounts.create(Role.USER);
        String token = Accounts.accessToken(user);
        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200);
        given().auth().oauth2(Accounts.adminToken()).delete("/api/v1/users/" + user.id()).then().statusCode(204);
        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(401);
        changePassword(token, user.password(), NEW_PASSWORD).statusCode(401);
    }
}
