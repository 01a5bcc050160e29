package io.animus.registry.identity;

import io.animus.registry.identity.user.FirstAdmin;
import io.animus.registry.identity.user.User;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts.Account;
import io.animus.registry.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** Access tokens that are forged, expired or tampered with are refused with 401; genuine ones pass. */
@QuarkusTest
class TokenValidationTest {

    private static final String ADMIN_ONLY = "/api/v1/users";

    @BeforeAll
    static void checkEveryAnswerForHashes() {
        NoSecretsFilter.install();
    }

    private static int adminId() {
        return User.findByUsername(FirstAdmin.USERNAME).orElseThrow().id;
    }

    private static void refused(String token) {
        given().auth().oauth2(token).get(ADMIN_ONLY).then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void aTokenSignedWithTheTrustedKeyPasses() {
        User admin = User.findByUsername(FirstAdmin.USERNAME).orElseThrow();
        given().auth().oauth2(Tokens.forUser(admin.id, "admin", Role.ADMIN, admin.tokenVersion)).get(ADMIN_ONLY).then().statusCode(200);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        refused(ForgedTokens.unsigned(adminId(), "admin"));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        refused(ForgedTokens.signedWithOtherKey(adminId(), "admin"));
    }

    @Test
    void anExpiredTokenIsRefused() {
        refused(ForgedTokens.expired(adminId(), "admin", Role.ADMIN));
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        refused(ForgedTokens.otherIssuer(adminId(), "admin", Role.ADMIN));
    }

    @Test
    void aTokenWhoseRoleWasChangedIsRefused() {
        Account viewer = Accounts.create(Role.VIEWER);
        String genuine = Accounts.accessToken(viewer);
        given().auth().oauth2(genuine).get(ADMIN_ONLY).then().statusCode(403);
        given().auth().oauth2(genuine).get("/api/v1/users/me").then().statusCode(200);

        String tampered = ForgedTokens.withGroupsTamperedToAdmin(genuine);
        refused(tampered);
        given().auth().oauth2(tampered).get("/api/v1/users/me").then().statusCode(401);
    }

    @Test
    void aMissingOrMalformedTokenIsRefused() {
        given().get(ADMIN_ONLY).then().statusCode(401).contentType("application/problem+json");
        refused("not-a-jwt");
        refused("eyJhbGciOiJSUzI1NiJ9.e30.AAAA");
        given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get(ADMIN_ONLY).then().statusCode(401);
    }
}
