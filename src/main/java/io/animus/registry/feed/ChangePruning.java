package io.animus.registry.feed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.database.StatementTimeouts;

/**
 * Removes the changes older than the retention, oldest first, so that what stays is always a
 * contiguous tail of the feed, and records up to which cursor it removed (a cursor below that is
 * answered 410). One replica prunes at a time: the work holds a transaction-level advisory lock, and
 * a replica that finds it taken does nothing.
 */
@ApplicationScoped
public class ChangePruning {

    /** The lock's key: "changes" in ASCII; other locks of the registry use other keys. */
    static final long KEY = 0x6368616e676573L;
    /** A backlog of a week's changes may take a while to delete: longer than a request's statement bound. */
    static final Duration BUDGET = Duration.ofMinutes(10);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ChangeFeedConfig config;

    /** Prunes once; the answer is the number of changes removed, or -1 when another replica was pruning. */
    public long prune() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                StatementTimeouts.budget(connection, BUDGET);
                long removed = pruneLocked(connection);
                connection.commit();
                return removed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private long pruneLocked(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, KEY);
            try (ResultSet rows = lock.executeQuery()) {
                rows.next();
                if (!rows.getBoolean(1)) {
                    return -1;
                }
            }
        }
        try (PreparedStatement prune = connection.prepareStatement("""
                WITH cut AS (
                    SELECT max(position) AS through FROM changes
                    WHERE position IS NOT NULL AND at < now() - make_interval(secs => ?)),
                removed AS (
                    DELETE FROM changes c USING cut WHERE c.position <= cut.through RETURNING c.position),
                marked AS (
                    UPDATE change_feed_state f SET pruned_through = GREATEST(f.pruned_through, cut.through), pruned_at = now()
                    FROM cut WHERE f.id = 1 AND cut.through IS NOT NULL)
                SELECT count(*) FROM removed""")) {
            prune.setDouble(1, config.retention().toMillis() / 1000.0);
            try (ResultSet rows = prune.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
