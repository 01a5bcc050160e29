package io.animus.registry.identity.session;

import io.animus.registry.identity.AuthConfig;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Slows credential stuffing: many failed logins from one client address, across any number of usernames,
 * are answered 429 with {@code Retry-After} before any password is checked, and no account is locked by them
 * (the per-account lockout, {@link LockoutPolicy}, stays for guesses at one account).
 * <p>
 * A token bucket per client address: it holds {@code burst} attempts and earns them back at
 * {@code burst / window}. Every login from the address takes one attempt before its password is checked
 * (so that concurrent attempts cannot all pass); a successful login gives it back, so only failures count.
 * An address with no attempt left is refused until one is earned back, whatever the password, a right one
 * included. The address is the connection's peer, or the client that a trusted proxy names
 * ({@link ClientInfo}). The buckets live in memory on each replica: N replicas behind a balancer let an
 * address make up to N times the burst.
 */
@Singleton
public class LoginThrottle {

    /** One client address's attempts left, as of {@code at} (nanoTime). */
    private record Bucket(double attempts, long at) {
    }

    private final boolean enabled;
    private final int burst;
    private final double perNano;
    private final int maxAddresses;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    public LoginThrottle(AuthConfig config) {
        this(config.throttle().enabled(), config.throttle().burst(), config.throttle().window(), config.throttle().maxAddresses());
    }

    LoginThrottle(boolean enabled, int burst, Duration window, int maxAddresses) {
        this.enabled = enabled;
        this.burst = burst;
        this.perNano = burst / (double) Math.max(1, window.toNanos());
        this.maxAddresses = maxAddresses;
    }

    /**
     * Takes one attempt for a login from {@code address}; empty when it may go on, or the wait until it may
     * try again.
     */
    public Optional<Duration> take(String address) {
        if (!enabled) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        Duration[] wait = new Duration[1];
        buckets.compute(key(address), (key, bucket) -> {
            double attempts = refilled(bucket, now);
            if (attempts < 1) {
                wait[0] = Duration.ofNanos((long) Math.ceil((1 - attempts) / perNano));
                return new Bucket(attempts, now);
            }
            return new Bucket(attempts - 1, now);
        });
        if (buckets.size() > maxAddresses) {
            forgetIdle(now);
        }
        return Optional.ofNullable(wait[0]);
    }

    /** Gives back the attempt of a login from {@code address} that succeeded. */
    public void succeeded(String address) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        buckets.computeIfPresent(key(address), (key, bucket) -> {
            double attempts = Math.min(burst, refilled(bucket, now) + 1);
            return attempts >= burst ? null : new Bucket(attempts, now);
        });
    }

    private double refilled(Bucket bucket, long now) {
        return bucket == null ? burst : Math.min(burst, bucket.attempts() + (now - bucket.at()) * perNano);
    }

    /** Drops the addresses whose bucket has filled up again; when that is not enough, forgets them all. */
    private void forgetIdle(long now) {
        buckets.entrySet().removeIf(entry -> refilled(entry.getValue(), now) >= burst);
        if (buckets.size() > maxAddresses) {
            buckets.clear();
        }
    }

    private static String key(String address) {
        return address == null ? "" : address;
    }
}
