package io.animus.registry.identity;

import io.animus.registry.identity.user.PasswordHasher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A refused login costs one bcrypt check whatever the reason, so that its answer time does not
 * tell an unknown username from a known one. Run at a realistic work factor, where one check
 * (tens of milliseconds) dwarfs the rest of a request; without the dummy check an unknown
 * username would answer many times faster.
 */
@QuarkusTest
@TestProfile(LoginTimingTest.RealisticHashCost.class)
class LoginTimingTest {

    /** bcrypt at cost 10, and no lockout to get in the way of repeated attempts. */
    public static class RealisticHashCost implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("animus.auth.bcrypt-cost", "10", "animus.auth.lockout.max-failures", "1000");
        }
    }

    private static final int ROUNDS = 11;

    @Inject
    PasswordHasher hasher;

    private static long median(Supplier<Integer> login) {
        long[] millis = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            int status = login.get();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            assertTrue(status == 401, "every timed login is refused: " + status);
        }
        Arrays.sort(millis);
        return millis[ROUNDS / 2];
    }

    @Test
    void everyRefusedLoginCostsOneHashCheck() {
        String knownHash = hasher.hash("Some-Password-For-Timing-1");
        long[] check = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            hasher.verify("Wrong-Password-For-Timing", knownHash);
            check[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(check);
        long oneCheck = check[ROUNDS / 2];

        Account known = Accounts.create(Role.USER);
        Account locked = Accounts.create(Role.USER);
        Account inactive = Accounts.create(Role.USER);
        Accounts.change(locked.id(), user -> user.lockedUntil = Instant.now().plusSeconds(3600));
        Accounts.change(inactive.id(), user -> user.active = false);
        Accounts.login(known.username(), "warm-up-wrong-password").then().statusCode(401);

        long unknown = median(() -> Accounts.login(Accounts.unique("nobody"), "Wrong-Password-For-Timing").statusCode());
        long wrongPassword = median(() -> Accounts.login(known.username(), "Wrong-Password-For-Timing").statusCode());
        long lockedAccount = median(() -> Accounts.login(locked.username(), locked.password()).statusCode());
        long inactiveAccount = median(() -> Accounts.login(inactive.username(), inactive.password()).statusCode());

        List<String> report = new ArrayList<>(List.of("one check " + oneCheck + " ms", "unknown " + unknown + " ms",
                "wrong password " + wrongPassword + " ms", "locked " + lockedAccount + " ms", "inactive " + inactiveAccount + " ms"));
        System.out.println("Refused login medians: " + report);
        for (long time : new long[] {unknown, wrongPassword, lockedAccount, inactiveAccount}) {
            assertTrue(time >= oneCheck / 2, "a refused login took less than a hash check: " + report);
        }
        long slowest = Math.max(Math.max(unknown, wrongPassword), Math.max(lockedAccount, inactiveAccount));
        long fastest = Math.min(Math.min(unknown, wrongPassword), Math.min(lockedAccount, inactiveAccount));
        // a shared machine makes single timings noisy; a missing hash check would differ twentyfold
        assertTrue(fastest * 3 > slowest, "refused logins differ by more than a factor of three: " + report);
    }
}
