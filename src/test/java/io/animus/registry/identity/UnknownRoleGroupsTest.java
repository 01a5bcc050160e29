package io.animus.registry.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.animus.registry.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Fail closed on roles: an access token whose {@code groups} name no role of the registry is refused as
 * a credential (401) on every kind of endpoint, never read as a viewer; a token that names a role is
 * read by its most privileged one, and the other groups it names grant nothing.
 */
@QuarkusTest
class UnknownRoleGroupsTest {

    @Inject
    Fixtures fixtures;

    @Test
    void theRoleOfAGroupsClaimIsItsMostPrivilegedKnownRoleOrNone() {
        assertEquals(Optional.empty(), Role.fromGroups(Set.of()));
        assertEquals(Optional.empty(), Role.fromGroups(Set.of("superuser", "Admin", "broca")));
        assertEquals(Optional.of(Role.VIEWER), Role.fromGroups(Set.of("viewer", "bogus")));
        assertEquals(Optional.of(Role.USER), Role.fromGroups(Set.of("viewer", "user")));
        assertEquals(Optional.of(Role.ADMIN), Role.fromGroups(List.of("viewer", "admin")));
    }

    @Test
    void aTokenWithoutAKnownRoleIsRefusedWith401() {
        Fixtures.Caller who = fixtures.caller(Role.VIEWER);
        Map<String, String> tokens = Map.of(
                "[]", ForgedTokens.withGroups(who.id(), who.username()),
                "no groups claim", ForgedTokens.withoutGroups(who.id(), who.username()),
                "[superuser]", ForgedTokens.withGroups(who.id(), who.username(), "superuser"),
                "[broca] (a service role, never a user's)", ForgedTokens.withGroups(who.id(), who.username(), "broca"));
        assertTrue(ForgedTokens.claims(tokens.get("[]")).contains("\"groups\":[]"), ForgedTokens.claims(tokens.get("[]")));
        assertFalse(ForgedTokens.claims(tokens.get("no groups claim")).contains("groups"));
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            for (String path : List.of("/api/v1/agents", "/api/v1/users/me", "/api/v1/auth/sessions", "/api/v1/system-config")) {
                given().auth().oauth2(token.getValue()).when().get(path).then()
                        .statusCode(401).contentType("application/problem+json");
            }
        }
    }

    @Test
    void aKnownRoleBesideUnknownGroupsIsThatRoleAndNoMore() {
        Fixtures.Caller who = fixtures.caller(Role.VIEWER);
        String token = ForgedTokens.withGroups(who.id(), who.username(), "viewer", "bogus");
        given().auth().oauth2(token).when().get("/api/v1/agents").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/v1/users/me").then().statusCode(200);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("letta_uid", Fixtures.unique("letta")))
                .when().post("/api/v1/agents").then().statusCode(403);
    }

    @Test
    void aTokenNamingAUserRoleStillWorks() {
        Fixtures.Caller admin = fixtures.caller(Role.ADMIN);
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(Map.of("letta_uid", Fixtures.unique("letta")))
                .when().post("/api/v1/agents").then().statusCode(201);
    }
}
