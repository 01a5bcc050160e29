package io.animus.registry.identity;

import io.animus.registry.identity.user.FirstAdmin;
import io.animus.registry.identity.user.User;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Users for the identity tests (and the hardening suites), created through the API as the first admin. */
public final class Accounts {

    /** A password that follows the rules, used for most test users. */
    public static final String PASSWORD = "Violet-Harbour-Lantern-42";

    private static String adminToken;

    private Accounts() {
    }

    /** A user created for one test. */
    public record Account(int id, String username, String email, String password, Role role) {
    }

    public static String adminPassword() {
        return ConfigProvider.getConfig().getValue("animus.admin.initial-password", String.class);
    }

    /** An access token of the first admin, from a real login. */
    public static synchronized String adminToken() {
        if (adminToken == null) {
            adminToken = login(FirstAdmin.USERNAME, adminPassword()).then().statusCode(200)
                    .extract().path("access_token");
        }
        return adminToken;
    }

    /** Forgets the first admin's token: a test that deactivated the first admin made it void (its token version moved). */
    public static synchronized void forgetAdminToken() {
        adminToken = null;
    }

    /** A new user with {@code role}, a unique username and {@link #PASSWORD}. */
    public static Account create(Role role) {
        String username = unique(role.label());
        String email = username + "@example.org";
        int id = given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "email", email, "password", PASSWORD, "role", role.label()))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
        return new Account(id, username, email, PASSWORD, role);
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Response login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/v1/auth/login");
    }

    /** Signs the account in; answers the token response body. */
    public static Map<String, Object> tokens(Account account) {
        return login(account.username(), account.password()).then().statusCode(200).extract().jsonPath().getMap("");
    }

    public static String accessToken(Account account) {
        return (String) tokens(account).get("access_token");
    }

    /** The user's row as stored now. */
    public static User stored(int id) {
        return QuarkusTransaction.requiringNew().call(() -> User.<User>findById(id));
    }

    /** Changes the stored row in a transaction of its own. */
    public static void change(int id, java.util.function.Consumer<User> change) {
        QuarkusTransaction.requiringNew().run(() -> change.accept(User.findById(id)));
    }
}
