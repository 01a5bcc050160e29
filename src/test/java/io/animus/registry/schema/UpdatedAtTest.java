package io.animus.registry.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;

/** The database, not the application, moves {@code updated_at} on every UPDATE of a row. */
@QuarkusTest
class UpdatedAtTest {

    private static final String LONG_AGO = "'2000-01-01T00:00:00Z'";

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    Rows rows;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        rows = new Rows(sql);
    }

    static List<String> tablesWithUpdatedAt() {
        return ExpectedSchema.tablesWithUpdatedAt();
    }

    @ParameterizedTest
    @MethodSource("tablesWithUpdatedAt")
    void everyUpdateMovesUpdatedAt(String table) {
        Map<String, String> row = rows.valid(table);
        row.put("created_at", LONG_AGO);
        row.put("updated_at", LONG_AGO);
        int id = rows.insertReturningId(table, row);
        Timestamp inserted = updatedAt(table, id);
        assertEquals(Instant.parse("2000-01-01T00:00:00Z"), inserted.toInstant());

        // each statement is a transaction of its own, so now() differs between them
        sql.update("UPDATE " + table + " SET created_at = created_at WHERE id = ?", id);
        Timestamp first = updatedAt(table, id);
        Instant databaseNow = sql.value(Timestamp.class, "SELECT now()").toInstant();
        assertTrue(first.after(inserted), () -> table + ": updated_at stayed at " + first);
        assertTrue(Duration.between(first.toInstant(), databaseNow).abs().compareTo(Duration.ofMinutes(1)) < 0,
                () -> table + ": updated_at " + first + " is not the time of the update, " + databaseNow);

        // a statement that sets updated_at itself does not hold it back either
        sql.update("UPDATE " + table + " SET updated_at = " + LONG_AGO + " WHERE id = ?", id);
        Timestamp second = updatedAt(table, id);
        assertTrue(second.after(first), () -> table + ": updated_at went from " + first + " to " + second);

        assertEquals(Instant.parse("2000-01-01T00:00:00Z"),
                sql.value(Timestamp.class, "SELECT created_at FROM " + table + " WHERE id = ?", id).toInstant(),
                "created_at is not touched");
    }

    private Timestamp updatedAt(String table, int id) {
        return sql.value(Timestamp.class, "SELECT updated_at FROM " + table + " WHERE id = ?", id);
    }
}
