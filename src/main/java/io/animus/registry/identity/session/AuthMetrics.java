package io.animus.registry.identity.session;

import java.util.EnumMap;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of logins, lockouts and refreshes. Labels carry only the outcome, never a username,
 * an address or a token.
 */
@Singleton
public class AuthMetrics {

    /** Why a login was refused, as the {@code reason} label says it. */
    public enum LoginFailure {
        UNKNOWN_USER("unknown_user"),
        INVALID_PASSWORD("invalid_password"),
        LOCKED("locked"),
        INACTIVE("inactive");

        final String label;

        LoginFailure(String label) {
            this.label = label;
        }
    }

    /** How a refresh ended, as the {@code outcome} label says it. */
    public enum RefreshOutcome {
        SUCCESS("success"),
        INVALID("invalid"),
        REUSED("reused");

        final String label;

        RefreshOutcome(String label) {
            this.label = label;
        }
    }

    private final Counter loginSucceeded;
    private final Map<LoginFailure, Counter> loginFailed = new EnumMap<>(LoginFailure.class);
    private final Counter lockouts;
    private final Map<RefreshOutcome, Counter> refreshes = new EnumMap<>(RefreshOutcome.class);

    @Inject
    public AuthMetrics(MeterRegistry registry) {
        loginSucceeded = loginCounter(registry, "success", "none");
        for (LoginFailure failure : LoginFailure.values()) {
            loginFailed.put(failure, loginCounter(registry, "failure", failure.label));
        }
        lockouts = Counter.builder("animus.lockouts").description("Accounts locked after repeated failed logins")
                .register(registry);
        for (RefreshOutcome outcome : RefreshOutcome.values()) {
            refreshes.put(outcome, Counter.builder("animus.token.refreshes").description("Refresh token exchanges")
                    .tag("outcome", outcome.label).register(registry));
        }
    }

    private static Counter loginCounter(MeterRegistry registry, String outcome, String reason) {
        return Counter.builder("animus.logins").description("Password logins")
                .tag("outcome", outcome).tag("reason", reason).register(registry);
    }

    public void loginSucceeded() {
        loginSucceeded.increment();
    }

    public void loginFailed(LoginFailure failure) {
        loginFailed.get(failure).increment();
    }

    public void lockedOut() {
        lockouts.increment();
    }

    public void refreshed(RefreshOutcome outcome) {
        refreshes.get(outcome).increment();
    }
}
