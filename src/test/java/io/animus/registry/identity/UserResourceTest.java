package io.animus.registry.identity;

import io.animus.registry.identity.session.RefreshTest;

import io.animus.registry.identity.user.FirstAdmin;
import io.animus.registry.identity.user.PasswordHasher;
import io.animus.registry.identity.user.User;
import io.animus.registry.identity.user.UserService;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class UserResourceTest {

    @jakarta.inject.Inject
    UserService users;

    @BeforeAll
    static void checkEveryAnswerForHashes() {
        NoSecretsFilter.install();
    }

    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON);
    }

    private static Map<String, Object> newUser(String username) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("email", username + "@example.org");
        body.put("password", Accounts.PASSWORD);
        body.put("role", "user");
        return body;
    }

    @Test
    void anAdminCreatesAUserThatCanLogIn() {
        String username = Accounts.unique("monday");
        Map<String, Object> body = newUser(username);
        body.put("permissions", Map.of("agents", "read"));
        Response created = asAdmin().body(body).post("/api/v1/users");
        created.then().statusCode(201)
                .header("Location", endsWith("/api/v1/users/" + created.path("id")))
                .header("ETag", notNullValue())
                .body("username", equalTo(username))
                .body("email", equalTo(username + "@example.org"))
                .body("role", equalTo("user"))
                .body("permissions.agents", equalTo("read"))
                .body("is_active", equalTo(true))
                .body("failed_login_attempts", equalTo(0))
                .body("created_at", notNullValue())
                .body("$", not(hasKey("password")))
                .body("$", not(hasKey("password_hash")));
        int id = created.path("id");
        assertTrue(Accounts.stored(id).passwordHash.startsWith("$2a$04$"), "stored as a bcrypt hash at the test cost");
        Accounts.login(username, Accounts.PASSWORD).then().statusCode(200);
        asAdmin().get("/api/v1/users/" + id).then().statusCode(200).body("username", equalTo(username));
    }

    @Test
    void aUserCreatedInactiveCannotLogIn() {
        String username = Accounts.unique("inactive");
        Map<String, Object> body = newUser(username);
        body.put("is_active", false);
        asAdmin().body(body).post("/api/v1/users").then().statusCode(201).body("is_active", equalTo(false));
        Accounts.login(username, Accounts.PASSWORD).then().statusCode(401);
    }

    @Test
    void usernamesAndEmailsAreUniqueWhateverTheirCase() {
        String username = Accounts.unique("timbre");
        asAdmin().body(newUser(username)).post("/api/v1/users").then().statusCode(201);

        Map<String, Object> sameName = newUser(username.toUpperCase());
        sameName.put("email", Accounts.unique("x") + "@example.org");
        asAdmin().body(sameName).post("/api/v1/users").then().statusCode(409)
                .contentType("application/problem+json").body("detail", equalTo("a user with this username already exists"));

        Map<String, Object> sameEmail = newUser(Accounts.unique("other"));
        sameEmail.put("email", (username + "@EXAMPLE.org").toUpperCase());
        asAdmin().body(sameEmail).post("/api/v1/users").then().statusCode(409)
                .body("detail", equalTo("a user with this email already exists"));
    }

    private static java.sql.SQLException persistRefused(User user) {
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(user::persistAndFlush));
        Throwable cause = refused;
        while (cause.getCause() != null && !(cause instanceof java.sql.SQLException)) {
            cause = cause.getCause();
        }
        return (java.sql.SQLException) cause;
    }

    private static User userWithRealHash(String username) {
        User user = new User();
        user.username = username;
        user.email = Accounts.unique("y") + "@example.org";
        user.passwordHash = new PasswordHasher(4).hash(Accounts.PASSWORD);
        user.role = Role.USER;
        return user;
    }

    @Test
    void theDatabaseIndexesCatchADuplicateTheChecksMiss() {
        Account user = Accounts.create(Role.USER);
        java.sql.SQLException refused = persistRefused(userWithRealHash(user.username().toUpperCase()));
        assertEquals("23505", refused.getSQLState());
    }

    @Test
    void aDatabaseErrorOnAUserRowDoesNotQuoteTheRow() {
        User broken = userWithRealHash(Accounts.unique("broken"));
        broken.failedLoginAttempts = -1;
        java.sql.SQLException refused = persistRefused(broken);
        assertEquals("23514", refused.getSQLState());
        assertTrue(refused.getMessage().contains("ck_users_failed_login_attempts"), refused.getMessage());
        assertFalse(NoSecretsFilter.BCRYPT.matcher(refused.getMessage()).find(), refused.getMessage());
    }

    @Test
    void aWeakPasswordIsRefusedWithTheRulesItBreaks() {
        String username = Accounts.unique("weak");
        Map<String, Object> body = newUser(username);
        body.put("password", "Password2024!");
        asAdmin().body(body).post("/api/v1/users").then().statusCode(422)
                .body("errors.field", everyItem(equalTo("password")))
                .body("errors.message", hasItem("is too common"));
        body.put("password", "short");
        asAdmin().body(body).post("/api/v1/users").then().statusCode(422)
                .body("errors.message", hasItem("must have at least 12 characters"));
        body.put("password", "xx-" + username + "-xx");
        asAdmin().body(body).post("/api/v1/users").then().statusCode(422)
                .body("errors.message", hasItem("must not contain the username"));
        Accounts.login(username, "Password2024!").then().statusCode(401);
    }

    @Test
    void aBodyThatBreaksTheRulesIs422AndMalformedJsonIs400() {
        Map<String, Object> body = newUser("-bad name");
        body.put("email", "not-an-email");
        body.put("role", "root");
        asAdmin().body(body).post("/api/v1/users").then().statusCode(422);
        body = newUser(Accounts.unique("ok"));
        body.put("email", "not-an-email");
        asAdmin().body(body).post("/api/v1/users").then().statusCode(422).body("errors.field", hasItem("email"));
        body = newUser("-bad name");
        asAdmin().body(body).post("/api/v1/users").then().statusCode(422).body("errors.field", hasItem("username"));
        body = newUser(Accounts.unique("ok"));
        body.put("permissions", "everything");
        asAdmin().body(body).post("/api/v1/users").then().statusCode(422).body("errors.field", hasItem("permissions"));
        body = newUser(Accounts.unique("ok"));
        body.put("last_login", "2026-01-31T12:00:00Z");
        asAdmin().body(body).post("/api/v1/users").then().statusCode(422).body("errors.field", hasItem("last_login"));
        asAdmin().body("{\"username\": ").post("/api/v1/users").then().statusCode(400);
    }

    @Test
    void theListIsPagedAndFilteredByRoleAndActivity() {
        Account viewer = Accounts.create(Role.VIEWER);
        Account inactiveViewer = Accounts.create(Role.VIEWER);
        asAdmin().delete("/api/v1/users/" + inactiveViewer.id()).then().statusCode(204);

        // every page of the filtered list: the suite's other tests may have made more than one page of viewers
        List<Map<String, Object>> viewers = allPages(Map.of("role", "viewer"));
        assertTrue(viewers.stream().allMatch(item -> item.get("role").equals("viewer")));
        assertTrue(viewers.stream().anyMatch(item -> item.get("id").equals(viewer.id())));
        assertTrue(viewers.stream().anyMatch(item -> item.get("id").equals(inactiveViewer.id())));
        List<Map<String, Object>> inactive = allPages(Map.of("role", "viewer", "is_active", "false"));
        assertTrue(inactive.stream().allMatch(item -> item.get("is_active").equals(false)));
        assertTrue(inactive.stream().anyMatch(item -> item.get("id").equals(inactiveViewer.id())));
        assertTrue(inactive.stream().noneMatch(item -> item.get("id").equals(viewer.id())));
        asAdmin().queryParam("role", "admin").get("/api/v1/users").then().statusCode(200)
                .body("items.username", hasItem("admin")).body("items.role", everyItem(equalTo("admin")));
        asAdmin().queryParam("size", 1).get("/api/v1/users").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("total", greaterThanOrEqualTo(3));
        asAdmin().queryParam("role", "root").get("/api/v1/users").then().statusCode(422).body("errors.field", hasItem("role"));
        asAdmin().queryParam("is_active", "maybe").get("/api/v1/users").then().statusCode(422)
                .body("errors.field", hasItem("is_active"));
    }

    /** The items of every page of {@code GET /api/v1/users} with these filters. */
    private List<Map<String, Object>> allPages(Map<String, String> filters) {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (int page = 0;; page++) {
            List<Map<String, Object>> found = asAdmin().queryParams(filters).queryParam("size", 100).queryParam("page", page)
                    .get("/api/v1/users").then().statusCode(200).extract().jsonPath().getList("items");
            if (found.isEmpty()) {
                return items;
            }
            items.addAll(found);
        }
    }

    @Test
    void anAdminUpdatesRoleEmailPermissionsAndActivity() {
        Account user = Accounts.create(Role.USER);
        String email = Accounts.unique("new") + "@example.org";
        asAdmin().body(Map.of("role", "viewer", "email", email, "permissions", Map.of("chat", false)))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200)
                .body("role", equalTo("viewer"))
                .body("email", equalTo(email))
                .body("permissions.chat", equalTo(false))
                .body("username", equalTo(user.username()));
        asAdmin().body("{\"permissions\": null}").patch("/api/v1/users/" + user.id()).then().statusCode(200)
                .body("permissions", nullValue()).body("role", equalTo("viewer"));
        asAdmin().body(Map.of("is_active", false)).patch("/api/v1/users/" + user.id()).then().statusCode(200)
                .body("is_active", equalTo(false));
        asAdmin().body(Map.of("username", "renamed")).patch("/api/v1/users/" + user.id()).then().statusCode(422);
        asAdmin().body(Map.of("role", "user")).patch("/api/v1/users/999999").then().statusCode(404);
    }

    @Test
    void anUpdateToATakenEmailIsAConflict() {
        Account user = Accounts.create(Role.USER);
        Account other = Accounts.create(Role.USER);
        asAdmin().body(Map.of("email", other.email().toUpperCase())).patch("/api/v1/users/" + user.id())
                .then().statusCode(409);
        asAdmin().body(Map.of("email", user.email())).patch("/api/v1/users/" + user.id()).then().statusCode(200);
    }

    @Test
    void anAdminSetsANewPasswordWhichEndsTheSessions() {
        Account user = Accounts.create(Role.USER);
        String refresh = (String) Accounts.tokens(user).get("refresh_token");
        asAdmin().body(Map.of("password", "Fresh-Meadow-Compass-77")).patch("/api/v1/users/" + user.id())
                .then().statusCode(200);
        RefreshTest.refresh(refresh).then().statusCode(401);
        Accounts.login(user.username(), user.password()).then().statusCode(401);
        Accounts.login(user.username(), "Fresh-Meadow-Compass-77").then().statusCode(200);
        asAdmin().body(Map.of("password", "password1234")).patch("/api/v1/users/" + user.id()).then().statusCode(422);
    }

    @Test
    void aStaleIfMatchIsRefused() {
        Account user = Accounts.create(Role.USER);
        String etag = asAdmin().get("/api/v1/users/" + user.id()).then().statusCode(200).extract().header("ETag");
        String newer = asAdmin().header("If-Match", etag).body(Map.of("role", "viewer")).patch("/api/v1/users/" + user.id())
                .then().statusCode(200).extract().header("ETag");
        assertNotEquals(etag, newer);
        asAdmin().header("If-Match", etag).body(Map.of("role", "admin")).patch("/api/v1/users/" + user.id())
                .then().statusCode(412);
        assertEquals(Role.VIEWER, Accounts.stored(user.id()).role);
        asAdmin().header("If-Match", newer).body(Map.of("role", "user")).patch("/api/v1/users/" + user.id())
                .then().statusCode(200).body("role", equalTo("user"));
    }

    @Test
    void deactivationKeepsTheRow() {
        Account user = Accounts.create(Role.USER);
        asAdmin().delete("/api/v1/users/" + user.id()).then().statusCode(204);
        asAdmin().get("/api/v1/users/" + user.id()).then().statusCode(200).body("is_active", equalTo(false));
        asAdmin().delete("/api/v1/users/999999").then().statusCode(404);
        asAdmin().get("/api/v1/users/999999").then().statusCode(404).contentType("application/problem+json");
    }

    /** Leaves the first admin as the only active admin: other tests' admins are deactivated. */
    private static int onlyTheFirstAdminActive() {
        int adminId = User.findByUsername(FirstAdmin.USERNAME).orElseThrow().id;
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> User.update(
                "active = false where role = ?1 and id <> ?2", Role.ADMIN, adminId));
        return adminId;
    }

    @Test
    void theLastActiveAdminCannotBeDeactivatedOrDemoted() {
        int adminId = onlyTheFirstAdminActive();
        asAdmin().delete("/api/v1/users/" + adminId).then().statusCode(409)
                .body("detail", equalTo("this is the last active admin: make another user admin first"));
        asAdmin().body(Map.of("role", "viewer")).patch("/api/v1/users/" + adminId).then().statusCode(409);
        asAdmin().body(Map.of("is_active", false)).patch("/api/v1/users/" + adminId).then().statusCode(409);
        assertEquals(Role.ADMIN, Accounts.stored(adminId).role);
        assertTrue(Accounts.stored(adminId).active);

        Account second = Accounts.create(Role.ADMIN);
        asAdmin().body(Map.of("role", "user")).patch("/api/v1/users/" + second.id()).then().statusCode(200);
        asAdmin().body(Map.of("role", "admin")).patch("/api/v1/users/" + second.id()).then().statusCode(200);
        asAdmin().delete("/api/v1/users/" + second.id()).then().statusCode(204);
    }

    @Test
    void twoAdminsRemovingEachOtherAtOnceLeaveOneActive() throws Exception {
        int adminId = onlyTheFirstAdminActive();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            // the race is narrow: repeat it so that a missing serialization shows
            for (int round = 0; round < 12; round++) {
                Account second = Accounts.create(Role.ADMIN);
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                var first = pool.submit(() -> {
                    start.await();
                    users.deactivate(second.id());
                    return 204;
                });
                var other = pool.submit(() -> {
                    start.await();
                    users.deactivate(adminId);
                    return 204;
                });
                java.util.List<Integer> statuses = new java.util.ArrayList<>();
                for (var outcome : java.util.List.of(first, other)) {
                    try {
                        statuses.add(outcome.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        statuses.add(((io.animus.registry.web.ProblemException) e.getCause()).status());
                    }
                }
                java.util.Collections.sort(statuses);
                assertEquals(java.util.List.of(204, 409), statuses, "round " + round);
                assertEquals(1, User.count("role = ?1 and active = true", Role.ADMIN), "round " + round);
                Accounts.change(adminId, admin -> admin.active = true);
                Accounts.change(second.id(), admin -> admin.active = false);
                // a round that deactivated the first admin refused its tokens for good
                Accounts.forgetAdminToken();
            }
        } finally {
            pool.shutdownNow();
            Accounts.change(adminId, admin -> admin.active = true);
            Accounts.forgetAdminToken();
        }
    }

    @Test
    void theEntityTagIsOnReads() {
        Account user = Accounts.create(Role.USER);
        asAdmin().get("/api/v1/users/" + user.id()).then().statusCode(200).header("ETag", not(emptyOrNullString()));
    }
}
