package io.animus.registry.letta;

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
 * The PostgreSQL advisory lock that lets one reconciliation with Letta run at a time across the replicas:
 * a session lock on a connection of its own, tried once ({@code pg_try_advisory_lock}), held for the run
 * and released at its end, or by PostgreSQL with the session if the replica dies. Its connection also
 * reads the database's clock, the one clock every replica compares run times on.
 */
final class LettaLock implements AutoCloseable {

    /** The lock's key: "letta" in ASCII; discovery's lock has another. */
    static final long KEY = 0x6c65747461L;

    private static final Logger LOG = Logger.getLogger(LettaLock.class);

    private final Connection connection;
    private final boolean held;
    private final Instant now;

    private LettaLock(Connection connection, boolean held, Instant now) {
        this.connection = connection;
        this.held = held;
        this.now = now;
    }

    static LettaLock tryAcquire(DataSource dataSource) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?), now()")) {
                statement.setLong(1, KEY);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return new LettaLock(connection, rows.getBoolean(1), rows.getTimestamp(2).toInstant());
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

    Instant startedAt() {
        return now;
    }

    /** Whether any replica started a run less than {@code gap} before this one. */
    boolean ranWithin(Duration gap) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM letta_runs WHERE started_at > ?)")) {
            statement.setTimestamp(1, Timestamp.from(now.minus(gap)));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    @Override
    public void close() {
        try {
            if (held) {
                try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    statement.setLong(1, KEY);
                    statement.execute();
                }
            }
        } catch (SQLException e) {
            LOG.warnf("Could not release the Letta link's lock, dropping its connection: %s", e.getMessage());
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // the session ends either way, and the lock with it
            }
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debugf("Closing the Letta link's lock connection failed: %s", e.getMessage());
            }
        }
    }
}
