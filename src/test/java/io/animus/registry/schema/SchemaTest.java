package io.animus.registry.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.schema.ExpectedSchema.Column;
import io.animus.registry.schema.ExpectedSchema.ForeignKey;
import io.animus.registry.schema.ExpectedSchema.Index;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;

/** The migrated schema has the seed's tables, columns, types, indexes and keys, read from the catalog. */
@QuarkusTest
class SchemaTest {

    @Inject
    AgroalDataSource dataSource;

    Sql sql;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
    }

    @Test
    void theRegistryHasTheSeedsTwelveTables() {
        List<String> tables = sql.strings("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
                  AND table_name NOT IN ('databasechangelog', 'databasechangeloglock')
                ORDER BY table_name""");
        assertEquals(12, ExpectedSchema.TABLES.size());
        // later features add tables of their own (tested with them); the seed's twelve are all here
        assertEquals(sorted(ExpectedSchema.TABLES), tables.stream().filter(ExpectedSchema.TABLES::contains).toList());
    }

    @Test
    void everyColumnHasTheSeedsTypeAndNullability() {
        List<String> actual = sql.rows("""
                SELECT table_name, column_name, data_type, character_maximum_length, is_nullable
                FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name NOT IN ('databasechangelog', 'databasechangeloglock')""")
                .stream()
                .map(row -> new Column((String) row.get("table_name"), (String) row.get("column_name"),
                        row.get("character_maximum_length") == null ? (String) row.get("data_type")
                                : row.get("data_type") + "(" + row.get("character_maximum_length") + ")",
                        "YES".equals(row.get("is_nullable"))))
                .filter(column -> ExpectedSchema.COLUMNS.stream()
                        .anyMatch(seed -> seed.table().equals(column.table()) && seed.name().equals(column.name())))
                .map(Column::toString)
                .sorted().toList();
        // every column of the seed, with its type and nullability; columns that later features add are theirs to test
        List<String> expected = ExpectedSchema.COLUMNS.stream().map(Column::toString).sorted().toList();
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    @Test
    void everyTableIsKeyedByIdAndIntegerIdsAreIdentities() {
        Map<String, String> primaryKeys = sql.rows("""
                SELECT tc.table_name, string_agg(kcu.column_name, ', ' ORDER BY kcu.ordinal_position) AS columns
                FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage kcu
                  ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
                WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY'
                  AND tc.table_name NOT IN ('databasechangelog', 'databasechangeloglock')
                GROUP BY tc.table_name""")
                .stream().collect(Collectors.toMap(row -> (String) row.get("table_name"), row -> (String) row.get("columns")));
        primaryKeys.keySet().retainAll(ExpectedSchema.TABLES);
        assertEquals(ExpectedSchema.TABLES.stream().collect(Collectors.toMap(t -> t, t -> "id")), primaryKeys);

        List<String> integerIds = ExpectedSchema.COLUMNS.stream()
                .filter(c -> ExpectedSchema.TABLES.contains(c.table()))
                .filter(c -> c.name().equals("id") && c.type().equals(ExpectedSchema.INT)).map(Column::table).sorted().toList();
        List<String> identities = sql.strings("""
                SELECT table_name FROM information_schema.columns
                WHERE table_schema = 'public' AND column_name = 'id' AND is_identity = 'YES'
                ORDER BY table_name""");
        assertEquals(10, integerIds.size(), "all tables but the two session tables have integer ids");
        assertEquals(integerIds, identities.stream().filter(ExpectedSchema.TABLES::contains).toList());
    }

    @Test
    void everyIndexOfTheSeedExistsByItsName() {
        Map<String, Map<String, Object>> indexes = sql.rows("""
                SELECT indexname, tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'""")
                .stream().collect(Collectors.toMap(row -> (String) row.get("indexname"), row -> row));
        assertEquals(20, ExpectedSchema.SEED_INDEXES.size());
        for (Index expected : ExpectedSchema.SEED_INDEXES) {
            Map<String, Object> index = indexes.get(expected.name());
            assertTrue(index != null, () -> "index " + expected.name() + " is missing; there are " + indexes.keySet());
            String definition = (String) index.get("indexdef");
            assertEquals(expected.table(), index.get("tablename"), expected.name());
            assertEquals(expected.unique(), definition.startsWith("CREATE UNIQUE INDEX"), definition);
            assertTrue(definition.endsWith(" USING btree (" + expected.key() + ")"),
                    () -> expected.name() + " should be keyed by " + expected.key() + ": " + definition);
        }
    }

    @Test
    void everyForeignKeyReferencesItsParentWithItsRules() {
        List<String> actual = sql.rows("""
                SELECT c.conname AS name, child.relname AS child_table,
                       (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                          FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
                       parent.relname AS parent_table,
                       (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                          FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS parent_columns,
                       c.confdeltype::text AS on_delete, c.confupdtype::text AS on_update
                FROM pg_constraint c
                JOIN pg_class child ON child.oid = c.conrelid
                JOIN pg_class parent ON parent.oid = c.confrelid
                JOIN pg_namespace n ON n.oid = child.relnamespace
                WHERE c.contype = 'f' AND n.nspname = 'public'""")
                .stream()
                // the seed's keys and those the schema tests declare beyond it; other features test their own
                .filter(row -> ExpectedSchema.FOREIGN_KEYS.stream().anyMatch(key -> key.name().equals(row.get("name"))))
                .map(row -> new ForeignKey((String) row.get("name"), (String) row.get("child_table"), (String) row.get("columns"),
                        (String) row.get("parent_table"), (String) row.get("parent_columns"),
                        rule((String) row.get("on_delete")), rule((String) row.get("on_update"))).toString())
                .sorted().toList();
        List<String> expected = ExpectedSchema.FOREIGN_KEYS.stream().map(ForeignKey::toString).sorted().toList();
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    @Test
    void everyTableWithUpdatedAtHasTheTriggerThatMovesIt() {
        List<String> triggered = sql.strings("""
                SELECT DISTINCT event_object_table FROM information_schema.triggers
                WHERE trigger_schema = 'public' AND action_statement = 'EXECUTE FUNCTION set_updated_at()'
                  AND action_timing = 'BEFORE' AND event_manipulation = 'UPDATE'
                ORDER BY event_object_table""");
        List<String> withUpdatedAt = sql.strings("""
                SELECT table_name FROM information_schema.columns
                WHERE table_schema = 'public' AND column_name = 'updated_at' ORDER BY table_name""");
        assertTrue(withUpdatedAt.containsAll(ExpectedSchema.tablesWithUpdatedAt()), "the seed's tables: " + withUpdatedAt);
        assertEquals(withUpdatedAt, triggered);
    }

    private static String rule(String code) {
        return switch (code) {
            case "a" -> "NO ACTION";
            case "r" -> "RESTRICT";
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            default -> throw new IllegalArgumentException(code);
        };
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
