package io.animus.registry.identity.user;

import io.animus.registry.identity.Role;

import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.LogCapture;

import io.animus.registry.identity.user.FirstAdmin;
import io.animus.registry.identity.user.PasswordPolicy;
import io.animus.registry.identity.user.User;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The first admin as the test profile's start created it, from the configured password. */
@QuarkusTest
class FirstAdminTest {

    @Inject
    FirstAdmin firstAdmin;

    @Test
    void theStartCreatedTheAdminWithTheConfiguredPassword() {
        User admin = User.findByUsername(FirstAdmin.USERNAME).orElseThrow();
        assertEquals(Role.ADMIN, admin.role);
        assertEquals("admin@localhost", admin.email);
        assertTrue(admin.active);
        Accounts.login(FirstAdmin.USERNAME, Accounts.adminPassword()).then().statusCode(200);
        Accounts.login(FirstAdmin.USERNAME, "admin").then().statusCode(401);
    }

    @Test
    void aStartWithUsersCreatesNoAdminAndChangesNone() {
        String hashBefore = User.findByUsername(FirstAdmin.USERNAME).orElseThrow().passwordHash;
        long users = User.count();
        try (LogCapture log = LogCapture.of(FirstAdmin.class.getName())) {
            assertFalse(firstAdmin.createIfNoUsers());
            assertFalse(firstAdmin.createIfNoUsers(Optional.empty()));
            assertEquals(java.util.List.of(), log.lines());
        }
        assertEquals(users, User.count());
        assertEquals(hashBefore, Accounts.stored(User.findByUsername(FirstAdmin.USERNAME).orElseThrow().id).passwordHash);
    }

    @Test
    void generatedPasswordsAreLongRandomAndFollowTheRules() {
        Set<String> passwords = new HashSet<>();
        PasswordPolicy policy = new PasswordPolicy(12);
        for (int i = 0; i < 200; i++) {
            String password = FirstAdmin.generatePassword();
            assertTrue(password.length() >= 20, password);
            assertTrue(password.matches("[A-HJ-NP-Za-km-z2-9]+"), password);
            assertEquals(java.util.List.of(), policy.brokenRules(password, FirstAdmin.USERNAME, "admin@localhost"));
            passwords.add(password);
        }
        assertEquals(200, passwords.size());
        assertNotEquals(FirstAdmin.generatePassword(), FirstAdmin.generatePassword());
    }
}
