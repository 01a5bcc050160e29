package io.animus.registry.identity.user;

import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.LogCapture;

import io.animus.registry.identity.session.UserSession;
import io.animus.registry.identity.user.FirstAdmin;
import io.animus.registry.identity.user.User;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The creation of the first admin on a registry without users, as several replicas starting at
 * once would run it. It runs on a database of its own (a test profile restarts the service with
 * a fresh one), where it may delete every user.
 */
@QuarkusTest
@TestProfile(FirstAdminOnEmptyRegistryTest.OwnDatabase.class)
class FirstAdminOnEmptyRegistryTest {

    /** A service of its own, with a fresh database. */
    public static class OwnDatabase implements QuarkusTestProfile {
    }

    private static final Pattern BANNER_PASSWORD = Pattern.compile("generated password:\\s+(\\S+)\\s");

    @Inject
    FirstAdmin firstAdmin;

    @BeforeEach
    @AfterEach
    void noUsers() {
        QuarkusTransaction.requiringNew().run(() -> {
            UserSession.deleteAll();
            User.deleteAll();
        });
    }

    @AfterEach
    void restoreTheConfiguredAdmin() {
        firstAdmin.createIfNoUsers();
    }

    @Test
    void replicasStartingTogetherCreateOneAdminAndLogOnePassword() throws Exception {
        int replicas = 6;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try (LogCapture log = LogCapture.of(FirstAdmin.class.getName())) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> created = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                created.add(pool.submit(() -> {
                    start.await();
                    return firstAdmin.createIfNoUsers(Optional.empty());
                }));
            }
            start.countDown();
            int creators = 0;
            for (Future<Boolean> answer : created) {
                creators += answer.get() ? 1 : 0;
            }
            assertEquals(1, creators);
            assertEquals(1, User.count());
            assertEquals(1, log.warnings().size(), log.lines().toString());

            Matcher banner = BANNER_PASSWORD.matcher(log.warnings().get(0));
            assertTrue(banner.find(), log.warnings().get(0));
            String password = banner.group(1);
            assertTrue(password.length() >= 20);
            Accounts.login(FirstAdmin.USERNAME, password).then().statusCode(200);
            Accounts.login(FirstAdmin.USERNAME, Accounts.adminPassword()).then().statusCode(401);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aConfiguredPasswordIsUsedAndNeverLogged() {
        String configured = "Granite-Window-Parcel-61";
        try (LogCapture log = LogCapture.of(FirstAdmin.class.getName())) {
            assertTrue(firstAdmin.createIfNoUsers(Optional.of(configured)));
            assertEquals(List.of(), log.warnings());
            assertTrue(log.lines().stream().noneMatch(line -> line.contains(configured)));
        }
        Accounts.login(FirstAdmin.USERNAME, configured).then().statusCode(200);
        assertFalse(firstAdmin.createIfNoUsers(Optional.of("Another-Window-Parcel-62")));
    }

    @Test
    void aWeakConfiguredPasswordStopsTheStartWithoutShowingIt() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> firstAdmin.createIfNoUsers(Optional.of("admin2024")));
        assertTrue(refused.getMessage().startsWith("ANIMUS_ADMIN_INITIAL_PASSWORD (animus.admin.initial-password)"));
        assertTrue(refused.getMessage().contains("must have at least 12 characters"));
        assertFalse(refused.getMessage().contains("admin2024"));
        assertEquals(0, User.count());
    }

    @Test
    void aBlankConfiguredPasswordMeansGenerated() {
        try (LogCapture log = LogCapture.of(FirstAdmin.class.getName())) {
            assertTrue(firstAdmin.createIfNoUsers(Optional.of("  ")));
            assertEquals(1, log.warnings().size());
        }
    }
}
