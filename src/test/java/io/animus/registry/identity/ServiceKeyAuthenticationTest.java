package io.animus.registry.identity;

import io.animus.registry.identity.servicekey.ServiceKeys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Timestamp;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/**
 * The service key mechanism beside bearer tokens: a valid key in either header acts in the role
 * broca and nothing else; an unknown, malformed or revoked key is a 401; tokens keep working.
 */
@QuarkusTest
class ServiceKeyAuthenticationTest {

    private static final String CLAIM = "/api/v1/chat/broca/claim";

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    Caller admin;
    int keyId;
    String key;

    @BeforeEach
    void key() {
        admin = fixtures.caller(Role.ADMIN);
        var created = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("broca"))).post("/api/v1/service-keys").then().statusCode(201).extract();
        keyId = created.path("id");
        key = created.path("key");
    }

    private static RequestSpecification claimBody(RequestSpecification request) {
        return request.contentType(ContentType.JSON).body(Map.of("limit", 1, "lease_seconds", 1));
    }

    @Test
    void aValidKeyAuthenticatesInEitherHeader() {
        claimBody(given().header("Authorization", "ApiKey " + key)).post(CLAIM).then().statusCode(200);
        claimBody(given().header("Authorization", "apikey " + key)).post(CLAIM).then().statusCode(200);
        claimBody(given().header("X-Api-Key", key)).post(CLAIM).then().statusCode(200);
    }

    @Test
    void useIsRecordedOnTheKey() {
        Sql sql = new Sql(dataSource);
        assertNull(sql.value(Timestamp.class, "SELECT last_used_at FROM service_keys WHERE id = ?", keyId));
        claimBody(given().header("X-Api-Key", key)).post(CLAIM).then().statusCode(200);
        assertNotNull(sql.value(Timestamp.class, "SELECT last_used_at FROM service_keys WHERE id = ?", keyId));
    }

    @Test
    void anUnknownMalformedOrRevokedKeyIsRefused() {
        String unknown = ServiceKeys.generate();
        claimBody(given().header("Authorization", "ApiKey " + unknown)).post(CLAIM).then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        claimBody(given().header("X-Api-Key", unknown)).post(CLAIM).then().statusCode(401);
        claimBody(given().header("Authorization", "ApiKey not-a-key")).post(CLAIM).then().statusCode(401);
        claimBody(given().header("Authorization", "ApiKey ")).post(CLAIM).then().statusCode(401);
        // a key with one character changed is another key
        String altered = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        claimBody(given().header("Authorization", "ApiKey " + altered)).post(CLAIM).then().statusCode(401);

        claimBody(given().header("Authorization", "ApiKey " + key)).post(CLAIM).then().statusCode(200);
        given().header("Authorization", admin.bearer()).post("/api/v1/service-keys/" + keyId + "/revoke").then().statusCode(200);
        claimBody(given().header("Authorization", "ApiKey " + key)).post(CLAIM).then().statusCode(401);
        claimBody(given().header("X-Api-Key", key)).post(CLAIM).then().statusCode(401);
    }

    @Test
    void aKeyActsAsBrocaOnlyAndTokensKeepWorking() {
        given().header("Authorization", "ApiKey " + key).get("/api/v1/agents").then().statusCode(403);
        given().header("Authorization", "ApiKey " + key).get("/api/v1/chat/sessions").then().statusCode(403);
        given().header("Authorization", "ApiKey " + key).contentType(ContentType.JSON).body(Map.of("agent_id", 1))
                .post("/api/v1/chat/sessions").then().statusCode(403);

        Caller user = fixtures.caller(Role.USER);
        given().header("Authorization", user.bearer()).get("/api/v1/agents").then().statusCode(200);
        given().header("Authorization", admin.bearer()).get("/api/v1/agents").then().statusCode(200);
        given().header("Authorization", "Bearer not-a-token").get("/api/v1/agents").then().statusCode(401);
        given().get("/api/v1/agents").then().statusCode(401);
    }

    @Test
    void usersOfEveryRoleAreRefusedOnBrocasEndpoints() {
        for (Role role : Role.values()) {
            Caller caller = fixtures.caller(role);
            claimBody(given().header("Authorization", caller.bearer())).post(CLAIM).then().statusCode(403);
            given().header("Authorization", caller.bearer()).contentType(ContentType.JSON).body(Map.of("broca_message_id", 1))
                    .post("/api/v1/chat/broca/messages/1/ack").then().statusCode(403);
            given().header("Authorization", caller.bearer()).contentType(ContentType.JSON).body(Map.of("response", "hi"))
                    .post("/api/v1/chat/broca/sessions/x/responses").then().statusCode(403);
            given().header("Authorization", caller.bearer()).accept("text/event-stream").get("/api/v1/chat/broca/events")
                    .then().statusCode(403);
        }
        claimBody(given()).post(CLAIM).then().statusCode(401);
        given().accept("text/event-stream").get("/api/v1/chat/broca/events").then().statusCode(401);
    }

    @Test
    void anAccessTokenNamingTheBrocaRoleDoesNotActAsBroca() {
        // the registry never issues such a token; were it to, the token would still not open Broca's endpoints
        Caller user = fixtures.caller(Role.USER);
        String token = Jwt.upn(user.username()).subject(String.valueOf(user.id())).groups(Set.of(Roles.BROCA, Roles.USER))
                .expiresIn(60).sign();
        claimBody(given().header("Authorization", "Bearer " + token)).post(CLAIM).then().statusCode(403);
        // and it keeps its other roles
        given().header("Authorization", "Bearer " + token).get("/api/v1/agents").then().statusCode(200);
    }
}
