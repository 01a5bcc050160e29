package io.animus.registry.database;

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
 * A PostgreSQL advisory lock that lets one run of a job (a discovery scan, a reconciliation with Letta) go
 * at a time across all replicas. It is a session lock taken with {@code pg_try_advisory_lock} on a
 * connection of its own, outside any transaction, held for the run and released at its end; if the replica
 * dies, PostgreSQL releases it with the session. A run that finds it taken is skipped, never queued. The same
 * connection reads the database clock, so that replicas compare times on one clock. Each job has its own key.
 */
public final class AdvisoryLock implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AdvisoryLock.class);

    private final Connection connection;
    private final long key;
    private final String name;
    private final boolean held;
    private final Instant now;

    private AdvisoryLock(Connection connection, long key, String name, boolean held, Instant now) {
        this.connection = connection;
        this.key = key;
        this.name = name;
        this.held = held;
        this.now = now;
    }

    /** Tries the lock of {@code key} once (its {@code name} for the log); the answer says whether it is held. Close it in any case. */
    public static AdvisoryLock tryAcquire(DataSource dataSource, long key, String name) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?), now()")) {
                statement.setLong(1, key);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return new AdvisoryLock(connection, key, name, rows.getBoolean(1), rows.getTimestamp(2).toInstant());
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public boolean held() {
        return held;
    }

    /** The database's time when the lock was tried: the run's {@code started_at}. */
    public Instant startedAt() {
        return now;
    }

    /**
     * Whether a run (of any replica) started less than {@code gap} before this one, by the {@code started_at}
     * of the job's table of runs (a constant of the job, never input).
     */
    public boolean ranWithin(String runsTable, Duration gap) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM " + runsTable + " WHERE started_at > ?)")) {
            statement.setTimestamp(1, Timestamp.from(now.minus(gap)));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /** A connection outside the run's transaction, for reads before it. */
    public Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            if (held) {
                try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    statement.setLong(1, key);
                    try (ResultSet rows = statement.executeQuery()) {
                        if (rows.next() && !rows.getBoolean(1)) {
                            LOG.warnf("The %s was not held when it was released", name);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            // Drop the connection rather than return it to the pool with the lock: PostgreSQL releases
            // a session lock when its session ends.
            LOG.warnf("Could not release the %s, dropping its connection: %s", name, e.getMessage());
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // the connection is gone either way
            }
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debugf("Closing the %s's connection failed: %s", name, e.getMessage());
            }
        }
    }
}
