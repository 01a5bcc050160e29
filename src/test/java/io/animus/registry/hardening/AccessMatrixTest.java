package io.animus.registry.hardening;

import io.animus.registry.identity.ForgedTokens;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.animus.registry.hardening.OpenApiOperations.Operation;
import io.animus.registry.hardening.OpenApiOperations.Parameter;
import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.Accounts.Account;
import io.animus.registry.identity.Role;
import io.animus.registry.identity.servicekey.ServiceKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * DESIGN.md's security matrix, checked on every operation of the OpenAPI document for anonymous,
 * viewer, user and admin callers and a module key, and with access tokens that are forged, expired, not yet valid,
 * of another issuer or tampered with.
 * <p>
 * {@link #MATRIX} declares who may call what, by method and path pattern; the first row that matches
 * an operation decides. An operation that no row matches fails the test: a new endpoint needs a row
 * before it can ship. A refusal is 401 for an anonymous caller and 403 for a role that is not allowed
 * (404 where the row says the design hides existence). An allowed call is anything but 401 and 403:
 * the request is valid where that is cheap (a real login, refresh and logout, one's own password with
 * the right old one), otherwise an empty body, whose 422 proves that the role passed.
 */
@QuarkusTest
class AccessMatrixTest {

    /** Who calls. */
    enum Caller {
        ANONYMOUS, VIEWER, USER, ADMIN,
        /** A service key of role module, bound to an agent. */
        MODULE
    }

    private static final Set<Role> ALL = EnumSet.allOf(Role.class);
    private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
    /** Open to anyone, without a token (login, refresh, logout). */
    private static final Set<Role> PUBLIC = Set.of();

    /**
     * One row of the matrix: methods ({@code *} for any), a path pattern, the roles allowed, whether a
     * refusal may be a 404, and whether a module key is allowed (no row but a module's own may say so).
     */
    record Rule(String methods, String pattern, Set<Role> roles, boolean hidesExistence, boolean module) {

        Rule(String methods, String pattern, Set<Role> roles, boolean hidesExistence) {
            this(methods, pattern, roles, hidesExistence, false);
        }

        boolean allows(Caller caller) {
            return switch (caller) {
                case ANONYMOUS -> roles == PUBLIC;
                case MODULE -> roles == PUBLIC || module;
                default -> roles == PUBLIC || roles.contains(Role.valueOf(caller.name()));
            };
        }

        boolean matches(Operation operation) {
            boolean method = methods.equals("*") || List.of(methods.split(" ")).contains(operation.method());
            return method && regex().matcher(operation.path()).matches();
        }

        /** {@code **} is anything, also nothing and slashes; {@code *} is one path segment. */
        private Pattern regex() {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                if (pattern.startsWith("/**", i)) {
                    regex.append("(/.*)?");
                    i += 2;
                } else if (pattern.startsWith("**", i)) {
                    regex.append(".*");
                    i += 1;
                } else if (pattern.charAt(i) == '*') {
                    regex.append("[^/]+");
                } else {
                    regex.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
                }
            }
            return Pattern.compile(regex.toString());
        }

        @Override
        public String toString() {
            return methods + " " + pattern;
        }
    }

    private static Rule rule(String methods, String pattern, Set<Role> roles) {
        return new Rule(methods, pattern, roles, false);
    }

    /** An endpoint of modules: a module key only, never a user's token. */
    static Rule moduleKeyOnly(String methods, String pattern) {
        return new Rule(methods, pattern, EnumSet.noneOf(Role.class), false, true);
    }

    /** DESIGN.md's security model, endpoint by endpoint; the first matching row wins. */
    static final List<Rule> MATRIX = List.of(
            // identity: sign-in needs no token; one's own account and sessions are every role's
            rule("POST", "/api/v1/auth/login", PUBLIC),
            rule("POST", "/api/v1/auth/refresh", PUBLIC),
            rule("POST", "/api/v1/auth/logout", PUBLIC),
            rule("GET", "/api/v1/auth/sessions", ALL),
            rule("DELETE", "/api/v1/auth/sessions/*", ALL),
            rule("GET PUT", "/api/v1/users/me**", ALL),
            rule("*", "/api/v1/users/**", ADMIN),
            // registry: everyone reads, admins write
            rule("GET", "/api/v1/agents/**", ALL),
            rule("*", "/api/v1/agents/**", ADMIN),
            // versions of tools and plugins: read like the tool; nothing writes them through the API but the tool's own writes
            rule("GET", "/api/v1/tools/*/versions/**", ALL),
            rule("GET", "/api/v1/tools/*/plugins/*/versions/**", ALL),
            rule("GET", "/api/v1/tools/**", ALL),
            rule("*", "/api/v1/tools/**", ADMIN),
            rule("GET", "/api/v1/tool-instances/**", ALL),
            rule("*", "/api/v1/tool-instances/**", ADMIN),
            // configuration: everyone reads masked values, admins write and reveal
            rule("GET", "/api/v1/configurations/*/reveal", ADMIN),
            rule("GET", "/api/v1/configurations/**", ALL),
            rule("*", "/api/v1/configurations/**", ADMIN),
            rule("GET", "/api/v1/system-config/*/reveal", ADMIN),
            rule("GET", "/api/v1/system-config/**", ALL),
            rule("*", "/api/v1/system-config/**", ADMIN),
            rule("GET", "/api/v1/agent-configs/*/reveal", ADMIN),
            rule("GET", "/api/v1/agent-configs/**", ALL),
            rule("*", "/api/v1/agent-configs/**", ADMIN),
            rule("GET", "/api/v1/config-history", ALL),
            rule("*", "/api/v1/config-history/**", ADMIN),
            rule("*", "/api/v1/secrets/**", ADMIN),
            // environment variables: admins only, reads too
            rule("*", "/api/v1/env-vars/**", ADMIN),
            // discovery: everyone reads the status, admins run a scan
            rule("GET", "/api/v1/discovery/**", ALL),
            rule("POST", "/api/v1/discovery/scan", ADMIN),
            rule("POST", "/api/v1/discovery/validate", ADMIN),
            // the Letta link: everyone reads the states (under the agents' visibility) and an agent's drift; the rest is for admins
            rule("GET", "/api/v1/letta/agents", ALL),
            rule("GET", "/api/v1/letta/drift/*", ALL),
            rule("*", "/api/v1/letta/**", ADMIN),
            // the change feed: every signed-in user (each sees what they may read), never a service key
            rule("GET", "/api/v1/changes/**", ALL),
            // a module's own configuration: its module key only
            moduleKeyOnly("GET", "/api/v1/delivery/configuration"),
            // service keys (machine credentials such as Broca's): admins only
            rule("*", "/api/v1/service-keys/**", ADMIN),
            // usage statistics: every signed-in user, over the agents they may see (an agent they may not see is absent)
            new Rule("GET", "/api/v1/stats/**", ALL, true),
            // webhooks for system events, their deliveries and redeliveries: admins only
            rule("*", "/api/v1/webhooks/**", ADMIN),
            // Broca's side of chat: a service key with the broca role, never a user's token
            rule("POST", "/api/v1/chat/broca/ack", EnumSet.noneOf(Role.class)),
            rule("*", "/api/v1/chat/broca/**", EnumSet.noneOf(Role.class)),
            // chat: admins all sessions; users read and post in their own; viewers read their own.
            // Another user's session is hidden (404), not refused.
            new Rule("GET", "/api/v1/chat/**", ALL, true),
            new Rule("POST", "/api/v1/chat/**", EnumSet.of(Role.ADMIN, Role.USER), true),
            new Rule("*", "/api/v1/chat/**", ADMIN, true),
            // templates of agents and tools, their application, and an agent's export: admins only, reads too
            rule("*", "/api/v1/templates/**", ADMIN),
            // declarative state: export, schema, plan and apply, admins only
            rule("*", "/api/v1/state/**", ADMIN));

    private static final String NEW_PASSWORD = "Saffron-Quay-Marble-27";

    @Test
    void everyOperationIsDeclaredAndEachRoleGetsWhatTheMatrixSays() throws Exception {
        List<Operation> operations = OpenApiOperations.fetch();
        List<String> undeclared = new ArrayList<>();
        for (Operation operation : operations) {
            if (MATRIX.stream().noneMatch(rule -> rule.matches(operation))) {
                undeclared.add(operation.toString());
            }
        }
        assertTrue(undeclared.isEmpty(), "new endpoint without a role declaration in AccessMatrixTest.MATRIX: " + undeclared);

        Map<Caller, Account> accounts = new EnumMap<>(Caller.class);
        Map<Caller, String> tokens = new EnumMap<>(Caller.class);
        for (Caller caller : List.of(Caller.VIEWER, Caller.USER, Caller.ADMIN)) {
            Account account = Accounts.create(Role.valueOf(caller.name()));
            accounts.put(caller, account);
            tokens.put(caller, Accounts.accessToken(account));
        }
        RegistryRows rows = RegistryRows.create(Accounts.adminToken());
        tokens.put(Caller.MODULE, rows.moduleKey());

        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Operation operation : operations) {
            Rule rule = MATRIX.stream().filter(r -> r.matches(operation)).findFirst().orElseThrow();
            for (Caller caller : Caller.values()) {
                boolean allowed = rule.allows(caller);
                Response answer = call(operation, rows, tokens.get(caller), accounts.get(caller));
                cells++;
                if (operation.toString().equals("PUT /api/v1/users/me/password") && answer.statusCode() == 204) {
                    // a password change refuses the caller's access tokens: sign in again with the new password
                    tokens.put(caller, Accounts.login(accounts.get(caller).username(), NEW_PASSWORD).then().statusCode(200)
                            .extract().path("access_token"));
                }
                String outcome = operation + " as " + caller + " (" + rule + "): " + answer.statusCode();
                if (allowed && (answer.statusCode() == 401 || answer.statusCode() == 403)) {
                    wrong.add(outcome + ", expected to be allowed: " + answer.asString());
                } else if (!allowed) {
                    Set<Integer> refusals = caller == Caller.ANONYMOUS ? Set.of(401)
                            : rule.hidesExistence() ? Set.of(403, 404) : Set.of(403);
                    if (!refusals.contains(answer.statusCode())) {
                        wrong.add(outcome + ", expected " + refusals + ": " + answer.asString());
                    } else if (!answer.contentType().startsWith("application/problem+json")) {
                        wrong.add(outcome + " refused without a problem: " + answer.contentType());
                    }
                }
            }
        }

        int tokenCells = 0;
        Account viewer = Accounts.create(Role.VIEWER);
        Map<String, String> forged = Map.of(
                "alg none", ForgedTokens.unsigned(viewer.id(), viewer.username()),
                "another key", ForgedTokens.signedWithOtherKey(viewer.id(), viewer.username()),
                "expired", ForgedTokens.expired(viewer.id(), viewer.username(), Role.VIEWER),
                "not yet valid", ForgedTokens.notYetValid(viewer.id(), viewer.username(), Role.VIEWER),
                "another issuer", ForgedTokens.otherIssuer(viewer.id(), viewer.username(), Role.VIEWER),
                "groups changed to admin", ForgedTokens.withGroupsTamperedToAdmin(Accounts.accessToken(viewer)));
        for (Operation operation : operations) {
            Rule rule = MATRIX.stream().filter(r -> r.matches(operation)).findFirst().orElseThrow();
            if (rule.roles() == PUBLIC) {
                continue;
            }
            for (Map.Entry<String, String> token : forged.entrySet()) {
                RequestSpecification request = request(token.getValue());
                Response answer = send(request, operation, rows, null);
                tokenCells++;
                if (answer.statusCode() != 401 || !answer.contentType().startsWith("application/problem+json")) {
                    wrong.add(operation + " with a token (" + token.getKey() + "): " + answer.statusCode() + ", expected a 401 problem");
                }
            }
        }

        Map<String, Object> session = Accounts.tokens(viewer);
        String refresh = (String) session.get("refresh_token");
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", refresh)).post("/api/v1/auth/logout")
                .then().statusCode(204);
        int revoked = given().contentType(ContentType.JSON).body(Map.of("refresh_token", refresh)).post("/api/v1/auth/refresh")
                .statusCode();
        tokenCells++;
        if (revoked != 401) {
            wrong.add("refresh with the token of a session that logged out: " + revoked + ", expected 401");
        }

        System.out.printf("Access matrix: %d operations, %d rows; %d role cells (anonymous, viewer, user, admin, module key) and"
                + " %d forged-token cells checked%n", operations.size(), MATRIX.size(), cells, tokenCells);
        assertTrue(wrong.isEmpty(), wrong.size() + " cells disagree with the matrix:\n" + String.join("\n", wrong));
        assertEquals(operations.size() * Caller.values().length, cells);
    }

    /** The call of {@code operation} by {@code account} (null: anonymous), valid where that is cheap. */
    private static Response call(Operation operation, RegistryRows rows, String token, Account account) {
        String key = operation.toString();
        if (key.equals("POST /api/v1/auth/login")) {
            Account who = Accounts.create(Role.VIEWER);
            return request(token).contentType(ContentType.JSON)
                    .body(Map.of("username", who.username(), "password", who.password())).post(operation.path());
        }
        if (key.equals("POST /api/v1/auth/refresh") || key.equals("POST /api/v1/auth/logout")) {
            String refresh = (String) Accounts.tokens(Accounts.create(Role.VIEWER)).get("refresh_token");
            return request(token).contentType(ContentType.JSON).body(Map.of("refresh_token", refresh)).post(operation.path());
        }
        if (key.equals("PUT /api/v1/users/me/password") && account != null) {
            return request(token).contentType(ContentType.JSON)
                    .body(Map.of("old_password", account.password(), "new_password", NEW_PASSWORD)).put(operation.path());
        }
        if (key.equals("GET /api/v1/changes/stream")) {
            // a malformed Last-Event-ID: a caller who passes the role check gets 400 instead of an endless stream
            return request(token).header("Last-Event-ID", "not-a-cursor").get(operation.path());
        }
        if (key.equals("GET /api/v1/config-history")) {
            return request(token).queryParam("entry_key", "system_config:" + rows.systemKey()).get(operation.path());
        }
        return send(request(token), operation, rows, operation.hasBody() ? "{}" : null);
    }

    /** A request with the caller's credential: a service key as {@code Authorization: ApiKey}, else a bearer token. */
    private static RequestSpecification request(String token) {
        RequestSpecification request = given();
        if (token != null && token.startsWith(ServiceKeys.PREFIX)) {
            request.header("Authorization", "ApiKey " + token);
        } else if (token != null) {
            request.auth().oauth2(token);
        }
        return request;
    }

    private static Response send(RequestSpecification request, Operation operation, RegistryRows rows, String body) {
        String path = operation.path();
        for (Parameter parameter : operation.parameters("path")) {
            path = path.replace("{" + parameter.name() + "}", rows.pathValue(operation.path(), parameter.name()));
        }
        if (body != null || operation.hasBody()) {
            request.contentType(operation.mediaType()).body(body == null ? "{}" : body);
        }
        return request.request(operation.method(), path);
    }
}
