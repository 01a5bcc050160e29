package io.animus.registry.identity.session;

import io.animus.registry.identity.Role;

import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.ForgedTokens;

import io.animus.registry.identity.session.VerifiedTokenCache;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The verified-token cache is asked before the standard validator: a valid token is verified once and
 * held; a token that fails verification is never held, and stays refused.
 */
@QuarkusTest
class VerifiedTokenCacheTest {

    @Inject
    VerifiedTokenCache cache;

    @Test
    void aValidTokenIsVerifiedOnceAndHeld() {
        Account viewer = Accounts.create(Role.VIEWER);
        String token = Accounts.accessToken(viewer);
        assertFalse(cache.holds(token), "not seen yet");
        given().auth().oauth2(token).get("/api/v1/agents").then().statusCode(200);
        assertTrue(cache.holds(token), "held after its first use");
        given().auth().oauth2(token).get("/api/v1/agents").then().statusCode(200);
    }

    @Test
    void aTokenThatFailsVerificationIsNotHeld() {
        Account viewer = Accounts.create(Role.VIEWER);
        for (String forged : new String[] { ForgedTokens.signedWithOtherKey(viewer.id(), viewer.username()),
                ForgedTokens.expired(viewer.id(), viewer.username(), Role.VIEWER),
                ForgedTokens.withGroupsTamperedToAdmin(Accounts.accessToken(viewer)) }) {
            given().auth().oauth2(forged).get("/api/v1/agents").then().statusCode(401);
            given().auth().oauth2(forged).get("/api/v1/agents").then().statusCode(401);
            assertFalse(cache.holds(forged));
        }
    }
}
