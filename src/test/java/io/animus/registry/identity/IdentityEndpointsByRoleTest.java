package io.animus.registry.identity;

import io.animus.registry.identity.session.RefreshTest;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.animus.registry.identity.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The exact answers of the identity endpoints to each role (anonymous, viewer, user, admin), each call aimed at a
 * fresh user so that an allowed call succeeds: the statuses ({@code 200}, {@code 201}, {@code 204}, and {@code 404}
 * for another user's session) that {@code hardening.AccessMatrixTest}, which tells allowed from refused on every
 * operation, does not pin down.
 */
@QuarkusTest
class IdentityEndpointsByRoleTest {

    /** Who calls. */
    enum Caller {
        ANONYMOUS, VIEWER, USER, ADMIN
    }

    /** One endpoint: what it does to {@code target} (a user of role user) with the caller's token. */
    interface Call {
        int send(RequestSpecification request, Account target, String targetSessionId);
    }

    private static final String STRONG = "Amber-Falcon-Ledger-93";

    @BeforeAll
    static void checkEveryAnswerForHashes() {
        NoSecretsFilter.install();
    }

    private static Arguments row(String endpoint, Call call, int anonymous, int viewer, int user, int admin) {
        Map<Caller, Integer> expected = new EnumMap<>(Caller.class);
        expected.put(Caller.ANONYMOUS, anonymous);
        expected.put(Caller.VIEWER, viewer);
        expected.put(Caller.USER, user);
        expected.put(Caller.ADMIN, admin);
        return Arguments.of(endpoint, call, expected);
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        rows.add(row("GET /users", (r, t, s) -> r.get("/api/v1/users").statusCode(), 401, 403, 403, 200));
        rows.add(row("POST /users", (r, t, s) -> r.contentType(ContentType.JSON).body(Map.of(
                "username", Accounts.unique("made"), "email", Accounts.unique("made") + "@example.org",
                "password", STRONG, "role", "viewer")).post("/api/v1/users").statusCode(), 401, 403, 403, 201));
        rows.add(row("GET /users/{id}", (r, t, s) -> r.get("/api/v1/users/" + t.id()).statusCode(), 401, 403, 403, 200));
        rows.add(row("PATCH /users/{id}", (r, t, s) -> r.contentType(ContentType.JSON).body(Map.of("role", "viewer"))
                .patch("/api/v1/users/" + t.id()).statusCode(), 401, 403, 403, 200));
        rows.add(row("DELETE /users/{id}", (r, t, s) -> r.delete("/api/v1/users/" + t.id()).statusCode(), 401, 403, 403, 204));
        rows.add(row("POST /users/{id}/unlock", (r, t, s) -> r.post("/api/v1/users/" + t.id() + "/unlock").statusCode(),
                401, 403, 403, 200));
        rows.add(row("GET /users/{id}/sessions", (r, t, s) -> r.get("/api/v1/users/" + t.id() + "/sessions").statusCode(),
                401, 403, 403, 200));
        rows.add(row("DELETE /users/{id}/sessions", (r, t, s) -> r.delete("/api/v1/users/" + t.id() + "/sessions").statusCode(),
                401, 403, 403, 204));
        rows.add(row("GET /users/me", (r, t, s) -> r.get("/api/v1/users/me").statusCode(), 401, 200, 200, 200));
        rows.add(row("GET /auth/sessions", (r, t, s) -> r.get("/api/v1/auth/sessions").statusCode(), 401, 200, 200, 200));
        rows.add(row("DELETE /auth/sessions/{id} of another user",
                (r, t, s) -> r.delete("/api/v1/auth/sessions/" + s).statusCode(), 401, 404, 404, 204));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachRoleIsAllowedOrRefusedAsTheMatrixSays(String endpoint, Call call, Map<Caller, Integer> expected) throws Exception {
        for (Caller caller : Caller.values()) {
            Account target = Accounts.create(Role.USER);
            String targetAccess = Accounts.accessToken(target);
            String targetSession = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(ForgedTokens.claims(targetAccess)).get("sid").asText();
            RequestSpecification request = given();
            if (caller != Caller.ANONYMOUS) {
                request.auth().oauth2(tokenOf(caller));
            }
            int status = call.send(request, target, targetSession);
            org.junit.jupiter.api.Assertions.assertEquals(expected.get(caller), status, endpoint + " as " + caller);
        }
    }

    @org.junit.jupiter.api.Test
    void ownPasswordChangeIsOpenToEveryRoleButNotToAnonymous() {
        given().contentType(ContentType.JSON).body(Map.of("old_password", Accounts.PASSWORD, "new_password", STRONG))
                .put("/api/v1/users/me/password").then().statusCode(401);
        for (Role role : Role.values()) {
            Account account = Accounts.create(role);
            given().auth().oauth2(Accounts.accessToken(account)).contentType(ContentType.JSON)
                    .body(Map.of("old_password", Accounts.PASSWORD, "new_password", STRONG))
                    .put("/api/v1/users/me/password").then().statusCode(204);
        }
    }

    @org.junit.jupiter.api.Test
    void loginRefreshAndLogoutNeedNoAccessToken() {
        Account account = Accounts.create(Role.VIEWER);
        String refresh = (String) Accounts.tokens(account).get("refresh_token");
        String rotated = RefreshTest.refresh(refresh).then().statusCode(200).extract().path("refresh_token");
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", rotated)).post("/api/v1/auth/logout")
                .then().statusCode(204);
    }

    private static final Map<Caller, String> TOKENS = new EnumMap<>(Caller.class);

    private static synchronized String tokenOf(Caller caller) {
        return TOKENS.computeIfAbsent(caller, c -> c == Caller.ADMIN ? Accounts.adminToken()
                : Accounts.accessToken(Accounts.create(c == Caller.USER ? Role.USER : Role.VIEWER)));
    }
}
