package io.animus.registry.identity.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.session.LockoutPolicy.State;

class LockoutPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-31T12:00:00Z");

    private final LockoutPolicy policy = new LockoutPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofHours(12));

    private State fail(State state, Instant at, int times) {
        for (int i = 0; i < times; i++) {
            state = policy.afterFailure(state, at);
        }
        return state;
    }

    @Test
    void failuresBelowTheMaximumOnlyCount() {
        State state = fail(State.CLEAR, T0, 2);
        assertEquals(2, state.failures());
        assertEquals(0, state.lockouts());
        assertNull(state.lockedUntil());
        assertFalse(policy.isLocked(state, T0));
    }

    @Test
    void theLastAllowedFailureLocksForTheBaseWait() {
        State before = fail(State.CLEAR, T0, 2);
        State after = policy.afterFailure(before, T0);
        assertTrue(policy.locked(before, after));
        assertEquals(T0.plus(Duration.ofMinutes(1)), after.lockedUntil());
        assertEquals(1, after.lockouts());
        assertEquals(0, after.failures());
        assertTrue(policy.isLocked(after, T0.plusSeconds(59)));
        assertFalse(policy.isLocked(after, T0.plusSeconds(60)));
    }

    @Test
    void failuresWhileLockedAreNotCounted() {
        State locked = fail(State.CLEAR, T0, 3);
        State again = policy.afterFailure(locked, T0.plusSeconds(10));
        assertSame(locked, again);
        assertFalse(policy.locked(locked, again));
    }

    @Test
    void eachFurtherLockoutDoublesTheWaitUpToTheMaximum() {
        assertEquals(Duration.ofMinutes(1), policy.waitOf(1));
        assertEquals(Duration.ofMinutes(2), policy.waitOf(2));
        assertEquals(Duration.ofMinutes(4), policy.waitOf(3));
        assertEquals(Duration.ofMinutes(16), policy.waitOf(5));
        assertEquals(Duration.ofMinutes(30), policy.waitOf(6));
        assertEquals(Duration.ofMinutes(30), policy.waitOf(10_000));
    }

    @Test
    void aSecondLockoutAfterTheFirstEndsWaitsTwiceAsLong() {
        State first = fail(State.CLEAR, T0, 3);
        Instant released = first.lockedUntil();
        State second = fail(first, released, 3);
        assertEquals(2, second.lockouts());
        assertEquals(released.plus(Duration.ofMinutes(2)), second.lockedUntil());
    }

    @Test
    void successForgetsFailuresAndLockouts() {
        assertEquals(State.CLEAR, policy.afterSuccess());
        State afterSuccess = fail(policy.afterSuccess(), T0, 3);
        assertEquals(T0.plus(Duration.ofMinutes(1)), afterSuccess.lockedUntil(), "the wait starts over at the base");
    }

    @Test
    void aQuietPeriodForgetsFailuresAndLockouts() {
        State twoLockoutsAndAFailure = policy.afterFailure(fail(fail(State.CLEAR, T0, 3), T0.plus(Duration.ofMinutes(1)), 3),
                T0.plus(Duration.ofMinutes(5)));
        assertEquals(2, twoLockoutsAndAFailure.lockouts());
        assertEquals(1, twoLockoutsAndAFailure.failures());
        Instant later = T0.plus(Duration.ofMinutes(5)).plus(Duration.ofHours(12));
        State fresh = policy.afterFailure(twoLockoutsAndAFailure, later);
        assertEquals(1, fresh.failures());
        assertEquals(0, fresh.lockouts());
        State nearly = policy.afterFailure(twoLockoutsAndAFailure, later.minusSeconds(1));
        assertEquals(2, nearly.failures(), "just inside the quiet period the failures still add up");
        assertEquals(2, nearly.lockouts());
    }

    @Test
    void aSingleAllowedFailureLocksAtOnce() {
        LockoutPolicy strict = new LockoutPolicy(1, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofHours(1));
        State after = strict.afterFailure(State.CLEAR, T0);
        assertEquals(T0.plusSeconds(5), after.lockedUntil());
    }

    @Test
    void refusesSettingsThatMakeNoSense() {
        assertThrows(IllegalArgumentException.class, () -> new LockoutPolicy(0, Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new LockoutPolicy(3, Duration.ZERO, Duration.ofMinutes(2), Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new LockoutPolicy(3, Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofHours(1)));
    }
}
