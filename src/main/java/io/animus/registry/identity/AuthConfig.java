package io.animus.registry.identity;

import io.animus.registry.identity.session.AuthSettingsCheck;
import io.animus.registry.identity.session.LoginThrottle;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of sign-in: password hashing and rules, token lifespans, lockout (docs/identity.md lists them).
 * Their ranges are checked at start by {@link AuthSettingsCheck}, not by Bean Validation annotations here.
 */
@ConfigMapping(prefix = "animus.auth")
public interface AuthConfig {

    /** bcrypt work factor (log2 of the rounds) of new password hashes, 4 to 31; 11 costs about 170 ms on a current core. */
    @WithDefault("11")
    int bcryptCost();

    /** How long an access token is valid. */
    @WithDefault("15m")
    Duration accessTokenLifespan();

    /** How long a session lives without a refresh; each refresh extends it by this much. */
    @WithDefault("7d")
    Duration refreshTokenLifespan();

    /** The longest a session lives from its login, however often it is refreshed. */
    @WithDefault("30d")
    Duration sessionMaxLifespan();

    /** The rules a new password must follow. */
    PasswordRules password();

    /** The brute-force lockout of accounts. */
    Lockout lockout();

    /** The slowing of failed logins per client address, against credential stuffing ({@link LoginThrottle}). */
    Throttle throttle();

    /** The rules a new password must follow. */
    interface PasswordRules {

        /** The fewest characters a password may have, 8 to 72. */
        @WithDefault("12")
        int minLength();
    }

    /** The brute-force lockout of accounts (the anchor is Keycloak's brute-force detection). */
    interface Lockout {

        /** Consecutive failed logins that lock an account, at least 1. */
        @WithDefault("5")
        int maxFailures();

        /** The wait of a first lockout; it doubles with each further lockout. */
        @WithDefault("1m")
        Duration baseWait();

        /** The longest wait of a lockout, however often the account was locked. */
        @WithDefault("30m")
        Duration maxWait();

        /** After this long without a failed login, failures and lockouts are forgotten. */
        @WithDefault("12h")
        Duration failureReset();
    }

    /**
     * The slowing of failed logins per client address (a token bucket per address, in the database, shared by
     * every replica): an address may fail {@code burst} logins at once, then one more each {@code window / burst};
     * past that its logins are answered 429 with {@code Retry-After}, and no account is locked by it.
     */
    interface Throttle {

        /** Whether failed logins slow down their client address at all. */
        @WithDefault("true")
        boolean enabled();

        /** The failed logins a client address may make in a row before it must wait, at least 1. */
        @WithDefault("20")
        int burst();

        /** How long an address takes to earn back its whole burst (one attempt every window / burst). */
        @WithDefault("1m")
        Duration window();

        /**
         * The most client addresses a prune leaves in the database, at least 1: those whose bucket is full again
         * go first, then those with the most attempts left. Between prunes there may be more.
         */
        @WithDefault("100000")
        int maxAddresses();

        /** How often a replica prunes the addresses of the throttle ({@code off} disables it). */
        @WithDefault("1m")
        String pruneEvery();
    }
}
