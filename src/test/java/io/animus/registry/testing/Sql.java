package io.animus.registry.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Plain JDBC against the test database, for tests of the schema itself. Every call runs in its own
 * auto-committed transaction, so that a statement the database refuses leaves nothing behind.
 */
public final class Sql {

    /** SQLSTATE of a unique violation. */
    public static final String UNIQUE = "23505";
    /** SQLSTATE of a foreign key violation. */
    public static final String FOREIGN_KEY = "23503";
    /** SQLSTATE of a check constraint violation. */
    public static final String CHECK = "23514";
    /** SQLSTATE of a not-null violation. */
    public static final String NOT_NULL = "23502";

    private final DataSource dataSource;

    public Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs a statement and answers the number of rows it changed. */
    public int update(String sql, Object... params) {
        try (Connection connection = connection(); PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a query and answers the first column of its only row. */
    public <T> T value(Class<T> type, String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        assertEquals(1, rows.size(), () -> "one row expected from " + sql + ", got " + rows);
        Object value = rows.get(0).values().iterator().next();
        return value == null ? null : type.cast(value);
    }

    /** Runs an INSERT ... RETURNING id and answers the id. */
    public int insertId(String sql, Object... params) {
        return value(Integer.class, sql, params);
    }

    /** Runs a query and answers its rows, each a map of column label to value, in column order. */
    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection connection = connection();
                PreparedStatement statement = prepare(connection, sql, params);
                ResultSet resultSet = statement.executeQuery()) {
            ResultSetMetaData meta = resultSet.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (resultSet.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), resultSet.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs the first column of a query into a list of strings. */
    public List<String> strings(String sql, Object... params) {
        List<String> values = new ArrayList<>();
        for (Map<String, Object> row : rows(sql, params)) {
            Object value = row.values().iterator().next();
            values.add(value == null ? null : value.toString());
        }
        return values;
    }

    /**
     * Runs a statement that the database must refuse with {@code sqlState}, and answers the
     * server's message so that a test can also check which constraint refused it.
     */
    public ServerErrorMessage refused(String sqlState, String sql, Object... params) {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection connection = connection(); PreparedStatement statement = prepare(connection, sql, params)) {
                statement.execute();
            }
        }, () -> "the database accepted: " + sql);
        assertEquals(sqlState, e.getSQLState(), () -> "SQLSTATE of " + sql + " (" + e.getMessage() + ")");
        assertTrue(e instanceof PSQLException, () -> "a PostgreSQL error: " + e);
        return ((PSQLException) e).getServerErrorMessage();
    }

    /** Like {@link #refused}, and checks that the named constraint is the one that refused. */
    public void refusedBy(String sqlState, String constraint, String sql, Object... params) {
        ServerErrorMessage message = refused(sqlState, sql, params);
        assertEquals(constraint, message.getConstraint(), () -> "constraint that refused " + sql + " (" + message + ")");
    }

    /** A connection of its own, in auto-commit mode; the caller closes it. */
    public Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        return connection;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }
}
