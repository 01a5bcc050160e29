package io.animus.registry.identity.session;

import io.animus.registry.identity.session.AuthSettingsCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The ranges of the sign-in settings that a start refuses to go past. */
class AuthSettingsCheckTest {

    @Test
    void theDefaultsAndTheBoundsPass() {
        assertTrue(AuthSettingsCheck.problems(11, 12, 5, 20, 100_000).isEmpty());
        assertTrue(AuthSettingsCheck.problems(4, 8, 1, 1, 1).isEmpty());
        assertTrue(AuthSettingsCheck.problems(31, 72, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE).isEmpty());
    }

    @Test
    void eachSettingOutOfRangeIsNamedWithItsVariable() {
        List<String> problems = AuthSettingsCheck.problems(3, 73, 0, 0, -1);
        assertEquals(List.of(
                "ANIMUS_AUTH_BCRYPT_COST (animus.auth.bcrypt-cost) is 3: it must be between 4 and 31",
                "ANIMUS_AUTH_PASSWORD_MIN_LENGTH (animus.auth.password.min-length) is 73: it must be between 8 and 72",
                "ANIMUS_AUTH_LOCKOUT_MAX_FAILURES (animus.auth.lockout.max-failures) is 0: it must be at least 1",
                "ANIMUS_AUTH_THROTTLE_BURST (animus.auth.throttle.burst) is 0: it must be at least 1",
                "ANIMUS_AUTH_THROTTLE_MAX_ADDRESSES (animus.auth.throttle.max-addresses) is -1: it must be at least 1"), problems);
    }

    @Test
    void aCostAboveTheRangeIsRefusedToo() {
        assertEquals(List.of("ANIMUS_AUTH_BCRYPT_COST (animus.auth.bcrypt-cost) is 32: it must be between 4 and 31"),
                AuthSettingsCheck.problems(32, 12, 5, 20, 100_000));
    }
}
