package io.animus.registry.identity.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.web.ProblemException;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class UserImportTest {

    @Inject
    Fixtures fixtures;

    Caller admin;

    @BeforeEach
    void callers() {
        admin = fixtures.caller(Role.ADMIN);
    }

    /** A bcrypt hash as Python's bcrypt and the installer write it: the {@code $2b$} prefix. */
    static String hash2b(String password, int cost) {
        String hash = BcryptUtil.bcryptHash(password, cost);
        assertTrue(hash.startsWith("$2a$"));
        return "$2b$" + hash.substring(4);
    }

    private Response importUsers(Caller caller, Object body) {
        return given().header("Authorization", caller.bearer()).contentType(ContentType.JSON).body(body).post("/api/v1/users/import");
    }

    private static Map<String, Object> account(String username, String email, String role, String hash) {
        return Map.of("username", username, "email", email, "role", role, "bcrypt_hash", hash);
    }

    private static Response login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password)).post("/api/v1/auth/login");
    }

    @Test
    void importedUsersSignInWithTheirOldPasswordsAndASecondImportChangesNothing() {
        String alice = Fixtures.unique("alice");
        String bob = Fixtures.unique("bob");
        List<Map<String, Object>> accounts = List.of(
                account(alice, alice + "@example.test", "user", hash2b("Alice-old-password-1", 10)),
                account(bob, bob + "@example.test", "viewer", hash2b("Bob-old-password-2", 11)));

        importUsers(admin, Map.of("users", accounts)).then().statusCode(200)
                .body("created", equalTo(List.of(alice, bob))).body("skipped.size()", equalTo(0));
        User stored = User.findByUsername(alice).orElseThrow();
        assertTrue(stored.passwordHash.startsWith("$2a$10$"), "stored with the prefix Elytron reads");
        assertEquals(Role.USER, stored.role);

        login(alice, "Alice-old-password-1").then().statusCode(200).body("access_token", startsWith("ey"));
        login(bob, "Bob-old-password-2").then().statusCode(200);
        login(alice, "not-her-password").then().statusCode(401);
        String afterLogin = storedHash(alice); // a login rehashes at the registry's own cost

        importUsers(admin, Map.of("users", accounts)).then().statusCode(200)
                .body("created.size()", equalTo(0)).body("updated.size()", equalTo(0))
                .body("skipped.username", equalTo(List.of(alice, bob)))
                .body("skipped[0].reason", containsString("exists"));
        assertEquals(afterLogin, storedHash(alice));
        login(alice, "Alice-old-password-1").then().statusCode(200);
    }

    @Test
    void overwriteReplacesEmailAndRoleButNeverThePassword() {
        String carol = Fixtures.unique("carol");
        importUsers(admin, Map.of("users", List.of(account(carol, carol + "@example.test", "viewer", hash2b("Carol-first-pass-1", 10)))))
                .then().statusCode(200);
        String before = User.findByUsername(carol).orElseThrow().passwordHash;

        importUsers(admin, Map.of("overwrite", true, "users",
                List.of(account(carol, carol + "@new.example.test", "user", hash2b("Carol-other-pass-2", 10)))))
                .then().statusCode(200).body("updated", equalTo(List.of(carol)));
        int id = User.findByUsername(carol).orElseThrow().id;
        given().header("Authorization", admin.bearer()).get("/api/v1/users/" + id).then().statusCode(200)
                .body("email", equalTo(carol + "@new.example.test")).body("role", equalTo("user"));
        assertEquals(before, storedHash(carol));
        login(carol, "Carol-first-pass-1").then().statusCode(200);
    }

    /** The stored hash, read in a transaction of its own (not from this test's persistence context). */
    private static String storedHash(String username) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            User.getEntityManager().clear();
            return User.findByUsername(username).orElseThrow().passwordHash;
        });
    }

    @Test
    void weakOrMalformedHashesRefuseTheWholeImport() {
        String dave = Fixtures.unique("dave");
        String erin = Fixtures.unique("erin");
        String weak = "$2b$04$" + BcryptUtil.bcryptHash("Dave-pass-word-1", 4).substring(7);
        importUsers(admin, Map.of("users", List.of(
                account(erin, erin + "@example.test", "user", hash2b("Erin-pass-word-1", 10)),
                account(dave, dave + "@example.test", "user", weak))))
                .then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("users[1].bcrypt_hash")).body("detail", containsString("cost 4"));
        assertTrue(User.findByUsername(erin).isEmpty(), "nothing written");

        importUsers(admin, Map.of("users", List.of(account(dave, dave + "@example.test", "user", "plaintext-password"))))
                .then().statusCode(422).body("detail", containsString("not a bcrypt hash")).body("detail", org.hamcrest.Matchers.not(containsString("plaintext-password")));
        importUsers(admin, Map.of("users", List.of(account(dave, dave + "@example.test", "user", "$1$abc$def"))))
                .then().statusCode(422);
    }

    @Test
    void onlyAdminsImport() {
        Caller user = fixtures.caller(Role.USER);
        String frank = Fixtures.unique("frank");
        importUsers(user, Map.of("users", List.of(account(frank, frank + "@example.test", "user", hash2b("Frank-pass-word-1", 10)))))
                .then().statusCode(403);
        assertTrue(User.findByUsername(frank).isEmpty());
    }

    @Test
    void theHashRuleTakesBcryptOfCostTenOrMoreAndWritesTheTwoAPrefix() {
        String salted = BcryptUtil.bcryptHash("x-password-long", 10).substring(7);
        assertEquals("$2a$10$" + salted, ImportedHash.normalize("h", "$2b$10$" + salted));
        assertEquals("$2a$12$" + salted, ImportedHash.normalize("h", "$2y$12$" + salted));
        assertEquals("$2a$10$" + salted, ImportedHash.normalize("h", "$2a$10$" + salted));
        assertThrows(ProblemException.class, () -> ImportedHash.normalize("h", "$2b$09$" + salted));
        assertThrows(ProblemException.class, () -> ImportedHash.normalize("h", "$2x$10$" + salted));
        assertThrows(ProblemException.class, () -> ImportedHash.normalize("h", "$2b$10$" + salted.substring(1)));
        assertThrows(ProblemException.class, () -> ImportedHash.normalize("h", null));
    }
}
