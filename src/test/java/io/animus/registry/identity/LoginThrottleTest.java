package io.animus.registry.identity;

import io.animus.registry.identity.user.User;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts.Account;
import io.animus.registry.testing.Sql;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Credential stuffing: failed logins from one client address across many usernames are slowed with 429
 * and {@code Retry-After}, without locking any account; other addresses are unaffected; the address is
 * the one a trusted proxy names, and a forwarded header from anyone else changes nothing. The failures are
 * counted in the database, so that those counted by another replica slow this one too.
 */
@QuarkusTest
@TestProfile(LoginThrottleTest.SmallBurst.class)
class LoginThrottleTest {

    /** Five failures in a burst, one more every 2 s; the test's own peer (127.0.0.1) is the trusted proxy. */
    public static class SmallBurst implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("animus.auth.throttle.burst", "5", "animus.auth.throttle.window", "10s",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Inject
    DataSource dataSource;

    @Test
    void failuresAcrossUsernamesFromOneAddressAreSlowedAndNobodyIsLocked() {
        String address = "203.0.113.7";
        List<Account> victims = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            victims.add(Accounts.create(Role.USER));
        }
        for (Account victim : victims) {
            login(address, victim.username(), "Wrong-Password-Guess-1").then().statusCode(401);
        }
        login(address, Accounts.unique("nobody"), "Wrong-Password-Guess-2").then().statusCode(401);
        login(address, Accounts.unique("nobody"), "Wrong-Password-Guess-3").then().statusCode(401);

        Response throttled = login(address, Accounts.unique("nobody"), "Wrong-Password-Guess-4");
        throttled.then().statusCode(429).contentType("application/problem+json").body("status", equalTo(429))
                .body("detail", containsString("Too many failed logins"));
        int retryAfter = Integer.parseInt(throttled.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);

        Account victim = victims.get(0);
        login(address, victim.username(), victim.password()).then().statusCode(429);
        for (Account each : victims) {
            User stored = Accounts.stored(each.id());
            assertNull(stored.lockedUntil, "no account is locked by failures spread over usernames");
            assertEquals(1, stored.failedLoginAttempts, "only the failures that reached the password check count");
        }
        login("203.0.113.8", victim.username(), victim.password()).then().statusCode(200);
    }

    @Test
    void theAddressMayTryAgainAfterRetryAfter() throws InterruptedException {
        String address = "203.0.113.9";
        Account user = Accounts.create(Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            login(address, Accounts.unique("nobody"), "Wrong-Password-Guess-" + i).then().statusCode(401);
        }
        Response throttled = login(address, user.username(), user.password());
        throttled.then().statusCode(429);
        Thread.sleep(Integer.parseInt(throttled.header("Retry-After")) * 1000L + 200);
        login(address, user.username(), user.password()).then().statusCode(200);
    }

    @Test
    void successfulLoginsAreNotCounted() {
        String address = "203.0.113.10";
        Account user = Accounts.create(Role.USER);
        for (int i = 0; i < 12; i++) {
            login(address, user.username(), user.password()).then().statusCode(200);
        }
    }

    @Test
    void aForwardedHeaderFromAnUntrustedPeerDoesNotChangeTheAddress() throws IOException {
        // 127.0.0.2 is not a trusted proxy: its X-Forwarded-For is ignored and every attempt counts against it
        for (int i = 0; i < 5; i++) {
            assertTrue(rawLogin("127.0.0.2", "198.51.100." + i).startsWith("HTTP/1.1 401"));
        }
        String answer = rawLogin("127.0.0.2", "198.51.100.99");
        assertTrue(answer.startsWith("HTTP/1.1 429"), answer);
        assertTrue(answer.toLowerCase().contains("retry-after:"), answer);
        // the trusted proxy's forwarded addresses are distinct clients, untouched by the peer above
        login("198.51.100.99", Accounts.unique("nobody"), "Wrong-Password-Guess-5").then().statusCode(401);
    }

    @Test
    void failuresCountedByAnotherReplicaSlowLoginsHere() {
        Sql sql = new Sql(dataSource);
        String address = "203.0.113.11";
        Account user = Accounts.create(Role.USER);
        login(address, Accounts.unique("nobody"), "Wrong-Password-Guess-6").then().statusCode(401);
        login(address, Accounts.unique("nobody"), "Wrong-Password-Guess-7").then().statusCode(401);
        assertTrue(sql.value(Double.class, "SELECT attempts FROM login_throttle WHERE address = ?", address) < 3.5,
                "the failures counted here are in the database for the other replicas");

        // another replica counts the address's remaining three failures
        sql.update("UPDATE login_throttle SET attempts = 0, counted_at = statement_timestamp() WHERE address = ?", address);
        Response throttled = login(address, user.username(), user.password());
        throttled.then().statusCode(429).contentType("application/problem+json").body("status", equalTo(429))
                .body("detail", containsString("Too many failed logins"));
        int retryAfter = Integer.parseInt(throttled.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
        login("203.0.113.12", user.username(), user.password()).then().statusCode(200);
    }

    @Test
    void aThrottleThatCannotCountInTimeAnswersAsAnUnavailableDatabaseDoes() throws Exception {
        String address = "203.0.113.13";
        Account user = Accounts.create(Role.USER);
        login(address, Accounts.unique("nobody"), "Wrong-Password-Guess-8").then().statusCode(401);
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT 1 FROM login_throttle WHERE address = ? FOR UPDATE")) {
                lock.setString(1, address);
                lock.executeQuery().close();
            }
            // the row is held past the statement timeout: the login is a 503 problem, never a 500 nor a pass
            login(address, user.username(), user.password()).then().statusCode(503).contentType("application/problem+json")
                    .body("status", equalTo(503));
            other.rollback();
        }
        login(address, user.username(), user.password()).then().statusCode(200);
    }

    private static Response login(String forwardedFor, String username, String password) {
        return given().header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password)).post("/api/v1/auth/login");
    }

    /** A failed login sent from the local address {@code peer}, naming {@code forwardedFor} as the client. */
    private String rawLogin(String peer, String forwardedFor) throws IOException {
        String body = "{\"username\": \"" + Accounts.unique("nobody") + "\", \"password\": \"Wrong-Password-Guess\"}";
        String request = "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nX-Forwarded-For: " + forwardedFor + "\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(peer), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), root.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
