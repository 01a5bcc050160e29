package io.animus.registry.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalPoolInterceptor;

/**
 * Bounds every statement the service runs, so that a database that hangs (a lock nobody releases, a
 * server that accepts queries and never answers them) turns a request into a 503 problem within
 * seconds instead of a request that waits forever and a pool that runs dry.
 * <p>
 * Each connection the pool opens carries PostgreSQL's {@code statement_timeout} of
 * {@code animus.database.statement-timeout} as its session setting (set once, when the connection is
 * made, outside any transaction). The service runs no schema migration (that is the migration
 * artifact's, with no such bound), so every connection gets it, the first ones of the start too. Work that legitimately runs longer (a discovery scan's reconciliation,
 * pruning the change feed) gives its own transaction its own budget with {@link #budget}.
 */
@ApplicationScoped
public class StatementTimeouts implements AgroalPoolInterceptor {

    private static final Logger LOG = Logger.getLogger(StatementTimeouts.class);

    @ConfigProperty(name = "animus.database.statement-timeout", defaultValue = "3s")
    Duration timeout;

    @Override
    public void onConnectionCreate(Connection connection) {
        if (timeout.isZero()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = " + timeout.toMillis());
        } catch (SQLException e) {
            // a connection that cannot take a setting is broken: its first use fails and the pool drops it
            LOG.debugf("A new database connection refused its statement timeout: %s", e.getMessage());
        }
    }

    /** The bound of every statement, as configured. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Gives the statements of the transaction {@code connection} is in a budget of their own, in place
     * of the request bound, until the transaction ends.
     */
    public static void budget(Connection connection, Duration budget) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = " + Math.max(0, budget.toMillis()));
        }
    }
}
