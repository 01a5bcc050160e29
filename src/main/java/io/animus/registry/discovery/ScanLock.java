package io.animus.registry.discovery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * The PostgreSQL advisory lock that lets one scan run at a time across all replicas. It is a
 * session lock taken with {@code pg_try_advisory_lock} on a connection of its own, outside any
 * transaction, held while the scan reads the home and reconciles, and released at the end; if the
 * replica dies, PostgreSQL releases it with the session. A scan that finds it taken is skipped,
 * never queued. The same connection reads the database clock, so that replicas compare times on
 * one clock.
 */
final class ScanLock implements AutoCloseable {

    /** The lock's key: "animus" in ASCII. Other locks of the registry must use other keys. */
    static final long KEY = 0x616e696d7573L;

    private static final Logger LOG = Logger.getLogger(ScanLock.class);

    private final Connection connection;
    private final boolean held;
    private final Instant now;

    private ScanLock(Connection connection, boolean held, Instant now) {
        this.connection = connection;
        this.held = held;
        this.now = now;
    }

    /** Tries the lock once; the answer says whether it is held. Close it in any case. */
    static ScanLock tryAcquire(DataSource dataSource) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?), now()")) {
                statement.setLong(1, KEY);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return new ScanLock(connection, rows.getBoolean(1), rows.getTimestamp(2).toInstant());
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    boolean held() {
        return held;
    }

    /** The database's time when the lock was tried: the run's {@code started_at}. */
    Instant startedAt() {
        return now;
    }

    /** Whether a run (of any replica) started less than {@code gap} before this one. */
    boolean ranWithin(Duration gap) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM discovery_runs WHERE started_at > ?)")) {
            statement.setTimestamp(1, Timestamp.from(now.minus(gap)));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /** A connection outside the scan's transaction, for reads before it. */
    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            if (held) {
                try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    statement.setLong(1, KEY);
                    try (ResultSet rows = statement.executeQuery()) {
                        if (rows.next() && !rows.getBoolean(1)) {
                            LOG.warn("The discovery lock was not held when it was released");
                        }
                    }
                }
            }
        } catch (SQLException e) {
            // Drop the connection rather than return it to the pool with the lock: PostgreSQL releases
            // a session lock when its session ends.
            LOG.warnf("Could not release the discovery lock, dropping its connection: %s", e.getMessage());
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // the connection is gone either way
            }
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debugf("Closing the discovery lock connection failed: %s", e.getMessage());
            }
        }
    }
}
