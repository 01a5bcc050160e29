package io.animus.registry.identity;

import io.animus.registry.identity.session.RefreshTest;

import io.animus.registry.identity.session.RefreshTokens;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Passwords, their hashes and tokens never reach a log line, whatever the flow and its failures. */
@QuarkusTest
class SecretsNotLoggedTest {

    @Test
    void noFlowLogsAPasswordAHashOrAToken() {
        String newPassword = "Copper-Valley-Thistle-64";
        String wrongPassword = "Wrong-Guess-Password-11";
        try (LogCapture log = LogCapture.of("")) {
            Account user = Accounts.create(Role.USER);
            Map<String, Object> tokens = Accounts.tokens(user);
            String refresh = (String) tokens.get("refresh_token");
            String rotated = RefreshTest.refresh(refresh).then().statusCode(200).extract().path("refresh_token");
            RefreshTest.refresh(refresh).then().statusCode(401);
            for (int i = 0; i < 5; i++) {
                Accounts.login(user.username(), wrongPassword).then().statusCode(401);
            }
            given().auth().oauth2(Accounts.adminToken()).post("/api/v1/users/" + user.id() + "/unlock").then().statusCode(200);
            String access = Accounts.accessToken(user);
            given().auth().oauth2(access).contentType(ContentType.JSON)
                    .body(Map.of("old_password", user.password(), "new_password", newPassword))
                    .put("/api/v1/users/me/password").then().statusCode(204);
            given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                    .body(Map.of("username", user.username(), "email", user.email(), "password", newPassword, "role", "user"))
                    .post("/api/v1/users").then().statusCode(409);
            given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                    .body(Map.of("username", "x" + user.username(), "email", "x" + user.email(), "password", wrongPassword, "role", "boss"))
                    .post("/api/v1/users").then().statusCode(422);

            List<String> lines = log.lines();
            assertTrue(lines.stream().anyMatch(line -> line.contains("was used again")), "the flows were logged: " + lines);
            assertTrue(lines.stream().anyMatch(line -> line.contains("locked until")), "the lockout was logged");
            for (String line : lines) {
                for (String secret : List.of(user.password(), newPassword, wrongPassword, refresh, rotated, access,
                        (String) tokens.get("access_token"), Accounts.adminPassword())) {
                    assertFalse(line.contains(secret), "a log line shows a secret: " + line);
                }
                assertFalse(NoSecretsFilter.BCRYPT.matcher(line).find(), "a log line shows a hash: " + line);
                assertFalse(line.contains(RefreshTokens.hash(refresh)), "a log line shows a token hash: " + line);
            }
        }
    }
}
