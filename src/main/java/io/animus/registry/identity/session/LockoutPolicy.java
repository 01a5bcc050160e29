package io.animus.registry.identity.session;

import io.animus.registry.identity.AuthConfig;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The brute-force lockout rule, after Keycloak's brute-force detection: {@code maxFailures}
 * consecutive failed logins lock the account for a wait that starts at {@code baseWait} and doubles
 * with each further lockout up to {@code maxWait}; a successful login or an admin unlock forgets
 * everything; so does a quiet period of {@code failureReset} without a failure.
 * <p>
 * Attempts while the account is locked are refused without being counted. The rule only computes
 * the next state; the caller stores it under a row lock, so concurrent failures are all counted.
 */
@Singleton
public class LockoutPolicy {

    /** The lockout state of one account, as the {@code users} row stores it. */
    @RegisterForReflection
    public record State(int failures, int lockouts, Instant lockedUntil, Instant lastFailure) {

        /** An account with no failures and no lockout. */
        public static final State CLEAR = new State(0, 0, null, null);
    }

    private final int maxFailures;
    private final Duration baseWait;
    private final Duration maxWait;
    private final Duration failureReset;

    @Inject
    public LockoutPolicy(AuthConfig config) {
        this(config.lockout().maxFailures(), config.lockout().baseWait(), config.lockout().maxWait(),
                config.lockout().failureReset());
    }

    public LockoutPolicy(int maxFailures, Duration baseWait, Duration maxWait, Duration failureReset) {
        if (maxFailures < 1 || baseWait.isNegative() || baseWait.isZero() || maxWait.compareTo(baseWait) < 0) {
            throw new IllegalArgumentException("animus.auth.lockout needs max-failures >= 1 and 0 < base-wait <= max-wait");
        }
        this.maxFailures = maxFailures;
        this.baseWait = baseWait;
        this.maxWait = maxWait;
        this.failureReset = failureReset;
    }

    /** Whether the account refuses logins at {@code now}. */
    public boolean isLocked(State state, Instant now) {
        return state.lockedUntil() != null && now.isBefore(state.lockedUntil());
    }

    /** The state after a failed login at {@code now}; it locks the account when the failure is the last one allowed. */
    public State afterFailure(State state, Instant now) {
        if (isLocked(state, now)) {
            return state;
        }
        boolean forgotten = state.lastFailure() != null && !now.isBefore(state.lastFailure().plus(failureReset));
        int failures = (forgotten ? 0 : state.failures()) + 1;
        int lockouts = forgotten ? 0 : state.lockouts();
        if (failures < maxFailures) {
            return new State(failures, lockouts, null, now);
        }
        int lockout = lockouts + 1;
        return new State(0, lockout, now.plus(waitOf(lockout)), now);
    }

    /** The state after a successful login: nothing is held against the account any more. */
    public State afterSuccess() {
        return State.CLEAR;
    }

    /** Whether going from {@code before} to {@code after} locked the account. */
    public boolean locked(State before, State after) {
        return after.lockedUntil() != null && !after.lockedUntil().equals(before.lockedUntil());
    }

    /** The wait of the {@code lockout}-th lockout in a row (from 1): the base wait doubled per earlier lockout, capped. */
    public Duration waitOf(int lockout) {
        Duration wait = baseWait;
        for (int i = 1; i < lockout && wait.compareTo(maxWait) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    public int maxFailures() {
        return maxFailures;
    }
}
