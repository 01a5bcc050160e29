package io.animus.registry.discovery.reconcile;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The shapes of discovery's bulk writes, on the connection of the scan's transaction: one multi-row
 * insert per chunk, batched updates, one update per list of ids. They let reconciling ten thousand
 * manifests cost a handful of round trips, not thousands; each table's writer builds on them.
 */
abstract class BulkStatements {

    /** Rows per multi-row insert or batch, so that one statement's parameters stay a reasonable size. */
    static final int CHUNK = 500;

    /** New values for the row {@code id}. */
    @RegisterForReflection
    record Update<W>(int id, W write) {
    }

    interface Binder<T> {
        void bind(PreparedStatement statement, T value) throws SQLException;
    }

    final Connection connection;
    /** A dry run's writers write nothing: the scan only lists what it would change. */
    final boolean dry;

    BulkStatements(Connection connection, boolean dry) {
        this.connection = connection;
        this.dry = dry;
    }

    final <T> void batch(String sql, List<T> values, Binder<T> binder) throws SQLException {
        if (values.isEmpty() || dry) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int pending = 0;
            for (T value : values) {
                binder.bind(statement, value);
                statement.addBatch();
                if (++pending == CHUNK) {
                    statement.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                statement.executeBatch();
            }
        }
    }

    /** Runs {@code sql}, whose one parameter is the array of {@code ids}; nothing when there are none. */
    final void updateAll(String sql, List<Integer> ids) throws SQLException {
        if (ids.isEmpty() || dry) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, integers(ids));
            statement.executeUpdate();
        }
    }

    final Array texts(List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(new String[0]));
    }

    final Array integers(List<Integer> values) throws SQLException {
        return connection.createArrayOf("integer", values.toArray(new Integer[0]));
    }

    static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += CHUNK) {
            chunks.add(values.subList(from, Math.min(values.size(), from + CHUNK)));
        }
        return chunks;
    }
}
