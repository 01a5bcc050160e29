package io.animus.registry.identity.session;

import io.animus.registry.identity.AuthConfig;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;

/**
 * Stops a start whose sign-in settings are out of range, naming each one. A plain check rather than
 * Bean Validation annotations on {@link AuthConfig}: those made Quarkus build a second validator
 * factory while reading the configuration, about a seventh of every start's CPU time.
 */
@Singleton
public class AuthSettingsCheck {

    /** Runs first among the start's checks, before anything hashes a password or counts a failure. */
    void onStart(@Observes @Priority(5) StartupEvent event, AuthConfig config) {
        List<String> problems = problems(config.bcryptCost(), config.password().minLength(), config.lockout().maxFailures(),
                config.throttle().burst(), config.throttle().maxAddresses());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid sign-in settings: " + String.join("; ", problems));
        }
    }

    /** Each setting out of its range, as "ENV_VAR (property) is v: it must be ...". */
    static List<String> problems(int bcryptCost, int passwordMinLength, int lockoutMaxFailures, int throttleBurst,
            int throttleMaxAddresses) {
        List<String> problems = new ArrayList<>();
        between(problems, "animus.auth.bcrypt-cost", bcryptCost, 4, 31);
        between(problems, "animus.auth.password.min-length", passwordMinLength, 8, 72);
        between(problems, "animus.auth.lockout.max-failures", lockoutMaxFailures, 1, Integer.MAX_VALUE);
        between(problems, "animus.auth.throttle.burst", throttleBurst, 1, Integer.MAX_VALUE);
        between(problems, "animus.auth.throttle.max-addresses", throttleMaxAddresses, 1, Integer.MAX_VALUE);
        return problems;
    }

    private static void between(List<String> problems, String property, int value, int min, int max) {
        if (value < min || value > max) {
            String env = property.toUpperCase().replace('.', '_').replace('-', '_');
            problems.add(env + " (" + property + ") is " + value + ": it must be "
                    + (max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max));
        }
    }
}
