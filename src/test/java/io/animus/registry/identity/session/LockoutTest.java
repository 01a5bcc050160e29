package io.animus.registry.identity.session;

import io.animus.registry.identity.Role;

import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.AuthMetricsTest;
import io.animus.registry.identity.NoSecretsFilter;

import io.animus.registry.identity.session.Authenticator;
import io.animus.registry.identity.user.User;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts.Account;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The lockout rule over HTTP, with the test profile's five failures and waits of 1 s doubling up to 4 s. */
@QuarkusTest
class LockoutTest {

    private static final int MAX_FAILURES = 5;
    private static final String WRONG = "Not-The-Password-123";

    @TestHTTPResource("/api/v1/auth/login")
    URI loginUri;

    @BeforeAll
    static void checkEveryAnswerForHashes() {
        NoSecretsFilter.install();
    }

    private static void failLogins(Account account, int times) {
        for (int i = 0; i < times; i++) {
            Accounts.login(account.username(), WRONG).then().statusCode(401);
        }
    }

    @Test
    void theLastAllowedFailureLocksTheAccountEvenForTheRightPassword() {
        Account user = Accounts.create(Role.USER);
        failLogins(user, MAX_FAILURES - 1);
        Accounts.login(user.username(), user.password()).then().statusCode(200);
        failLogins(user, MAX_FAILURES - 1);
        assertNull(Accounts.stored(user.id()).lockedUntil, "four failures after a success do not lock");

        failLogins(user, 1);
        User locked = Accounts.stored(user.id());
        assertNotNull(locked.lockedUntil);
        assertEquals(1, locked.lockoutCount);
        assertEquals(0, locked.failedLoginAttempts);
        Accounts.login(user.username(), user.password()).then().statusCode(401)
                .body("detail", equalTo(Authenticator.INVALID_LOGIN));
        assertEquals(0, Accounts.stored(user.id()).failedLoginAttempts, "attempts while locked are not counted");
    }

    @Test
    void theLockEndsAfterTheWait() throws InterruptedException {
        Account user = Accounts.create(Role.USER);
        failLogins(user, MAX_FAILURES);
        User locked = Accounts.stored(user.id());
        assertEquals(Duration.ofSeconds(1), Duration.between(locked.lastFailedLogin, locked.lockedUntil));
        Accounts.login(user.username(), user.password()).then().statusCode(401);

        sleepUntil(locked.lockedUntil);
        Accounts.login(user.username(), user.password()).then().statusCode(200);
        User released = Accounts.stored(user.id());
        assertEquals(0, released.lockoutCount);
        assertNull(released.lockedUntil);
    }

    @Test
    void aRepeatedLockoutWaitsTwiceAsLongUpToTheMaximum() throws InterruptedException {
        Account user = Accounts.create(Role.USER);
        List<Duration> waits = new ArrayList<>();
        for (int lockout = 1; lockout <= 4; lockout++) {
            failLogins(user, MAX_FAILURES);
            User locked = Accounts.stored(user.id());
            assertEquals(lockout, locked.lockoutCount);
            waits.add(Duration.between(locked.lastFailedLogin, locked.lockedUntil));
            if (lockout < 4) {
                sleepUntil(locked.lockedUntil);
            }
        }
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4)), waits);
    }

    @Test
    void anAdminUnlocksTheAccount() {
        Account user = Accounts.create(Role.USER);
        Account other = Accounts.create(Role.USER);
        failLogins(user, MAX_FAILURES);
        Accounts.login(user.username(), user.password()).then().statusCode(401);

        given().auth().oauth2(Accounts.accessToken(other)).post("/api/v1/users/" + user.id() + "/unlock")
                .then().statusCode(403);
        assertNotNull(Accounts.stored(user.id()).lockedUntil, "a user cannot unlock");

        given().auth().oauth2(Accounts.adminToken()).post("/api/v1/users/" + user.id() + "/unlock")
                .then().statusCode(200)
                .body("locked_until", nullValue())
                .body("failed_login_attempts", equalTo(0))
                .body("lockout_count", equalTo(0));
        Accounts.login(user.username(), user.password()).then().statusCode(200);
        given().auth().oauth2(Accounts.adminToken()).post("/api/v1/users/999999/unlock").then().statusCode(404);
    }

    @Test
    void concurrentFailuresAreAllCounted() throws Exception {
        Account user = Accounts.create(Role.USER);
        List<Integer> statuses = failConcurrently(user, MAX_FAILURES - 1);
        assertEquals(List.of(401, 401, 401, 401), statuses);
        assertEquals(MAX_FAILURES - 1, Accounts.stored(user.id()).failedLoginAttempts);
        assertNull(Accounts.stored(user.id()).lockedUntil);
    }

    @Test
    void twentyConcurrentFailuresLockTheAccountExactlyOnce() throws Exception {
        Account user = Accounts.create(Role.USER);
        double lockoutsBefore = AuthMetricsTest.metric("animus_lockouts_total");
        List<Integer> statuses = failConcurrently(user, 20);
        assertTrue(statuses.stream().allMatch(status -> status == 401), statuses.toString());
        User stored = Accounts.stored(user.id());
        assertEquals(1, stored.lockoutCount, "five failures locked the account; the fifteen after it were not counted");
        assertEquals(0, stored.failedLoginAttempts);
        assertTrue(stored.lockedUntil.isAfter(Instant.now().minusSeconds(1)));
        assertEquals(lockoutsBefore + 1, AuthMetricsTest.metric("animus_lockouts_total"));
    }

    /** Sends {@code count} wrong logins at once; answers their statuses. */
    private List<Integer> failConcurrently(Account account, int count) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(loginUri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + account.username() + "\",\"password\":\"" + WRONG + "\"}"))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis() + 50;
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
