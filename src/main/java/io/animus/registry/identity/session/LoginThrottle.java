package io.animus.registry.identity.session;

import io.animus.registry.identity.AuthConfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;

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
 * ({@link ClientInfo}).
 * <p>
 * The buckets are rows of {@code login_throttle}, shared by every replica: one statement refills and takes
 * under the row's lock, with the database's clock, so that N replicas behind a balancer give an address the
 * same burst as one. Each statement runs on a connection of its own, outside the login's transactions. When
 * taking fails (the database is down or does not answer in time) the login fails as any login does then
 * (503); when giving back fails after a successful login, the login stands and the address keeps one attempt
 * counted until it is earned back.
 */
@Singleton
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    /** The attempts an address has left now, its stored count refilled since it was counted (parameters: burst, rate). */
    private static final String REFILLED = "LEAST(?::float8, t.attempts"
            + " + GREATEST(0, EXTRACT(EPOCH FROM statement_timestamp() - t.counted_at)::float8) * ?::float8)";

    /** Takes one attempt when there is one, else leaves the bucket as it is and marks the login refused. */
    private static final String TAKE = """
            INSERT INTO login_throttle AS t (address, attempts, counted_at, refused)
            VALUES (?, ?, statement_timestamp(), false)
            ON CONFLICT (address) DO UPDATE SET (attempts, counted_at, refused) = (
                SELECT CASE WHEN b.attempts >= 1 THEN b.attempts - 1 ELSE b.attempts END,
                       GREATEST(t.counted_at, statement_timestamp()), b.attempts < 1
                FROM (SELECT %s AS attempts) b)
            RETURNING attempts, refused""".formatted(REFILLED);

    /** Gives back the attempt of a successful login. */
    private static final String GIVE_BACK = """
            UPDATE login_throttle AS t SET (attempts, counted_at, refused) = (
                SELECT LEAST(?::float8, b.attempts + 1), GREATEST(t.counted_at, statement_timestamp()), false
                FROM (SELECT %s AS attempts) b)
            WHERE t.address = ?""".formatted(REFILLED);

    /** Forgets the addresses whose bucket is full again: nothing is held against them. */
    private static final String FORGET_FULL = "DELETE FROM login_throttle t WHERE %s >= ?".formatted(REFILLED);

    /** Keeps the {@code max-addresses} addresses with the fewest attempts left, and forgets the others. */
    private static final String FORGET_BEYOND_MAX = """
            DELETE FROM login_throttle WHERE address IN (
                SELECT t.address FROM login_throttle t ORDER BY %s, t.counted_at DESC OFFSET ?)""".formatted(REFILLED);

    private final boolean enabled;
    private final int burst;
    private final double perSecond;
    private final int maxAddresses;
    private final DataSource dataSource;

    @Inject
    public LoginThrottle(AuthConfig config, AgroalDataSource dataSource) {
        this(config.throttle().enabled(), config.throttle().burst(), config.throttle().window(), config.throttle().maxAddresses(),
                dataSource);
    }

    LoginThrottle(boolean enabled, int burst, Duration window, int maxAddresses, DataSource dataSource) {
        this.enabled = enabled;
        this.burst = burst;
        this.perSecond = burst / Math.max(1e-9, window.toNanos() / 1e9);
        this.maxAddresses = maxAddresses;
        this.dataSource = dataSource;
    }

    /**
     * Takes one attempt for a login from {@code address}; empty when it may go on, or the wait until it may
     * try again.
     */
    public Optional<Duration> take(String address) {
        if (!enabled) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement take = connection.prepareStatement(TAKE)) {
            take.setString(1, key(address));
            take.setDouble(2, burst - 1);
            take.setInt(3, burst);
            take.setDouble(4, perSecond);
            try (ResultSet row = take.executeQuery()) {
                row.next();
                double attempts = row.getDouble(1);
                if (!row.getBoolean(2)) {
                    return Optional.empty();
                }
                return Optional.of(Duration.ofNanos((long) Math.ceil((1 - attempts) / perSecond * 1e9)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The failed logins of a client address could not be counted", e);
        }
    }

    /** Gives back the attempt of a login from {@code address} that succeeded. */
    public void succeeded(String address) {
        if (!enabled) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement giveBack = connection.prepareStatement(GIVE_BACK)) {
            giveBack.setInt(1, burst);
            giveBack.setInt(2, burst);
            giveBack.setDouble(3, perSecond);
            giveBack.setString(4, key(address));
            giveBack.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("A successful login's attempt could not be given back to its client address (it is earned back"
                    + " in time): %s", e.getMessage());
        }
    }

    /**
     * Forgets the addresses whose bucket is full again, then, past {@code max-addresses}, those with the most
     * attempts left (the longest counted first among equals); answers how many addresses were forgotten.
     * Any replica may prune at any time: a forgotten address is one with a full bucket, or one of the least
     * suspect beyond the cap.
     */
    public int prune() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement full = connection.prepareStatement(FORGET_FULL);
                PreparedStatement beyond = connection.prepareStatement(FORGET_BEYOND_MAX)) {
            full.setInt(1, burst);
            full.setDouble(2, perSecond);
            full.setInt(3, burst);
            beyond.setInt(1, burst);
            beyond.setDouble(2, perSecond);
            beyond.setInt(3, maxAddresses);
            return full.executeUpdate() + beyond.executeUpdate();
        }
    }

    private static String key(String address) {
        return address == null ? "" : address;
    }
}
