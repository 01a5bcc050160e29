package io.animus.registry.schema;

import static io.animus.registry.schema.Rows.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;

/** Every column the seed enumerates takes exactly the seed's values, spelled as the seed spells them. */
@QuarkusTest
class EnumeratedColumnsTest {

    static final List<String> STATUSES = List.of("Healthy", "Degraded", "Off", "Ready");
    static final List<String> VALUE_TYPES = List.of("string", "number", "boolean", "json");

    /** A column of {@code table} whose CHECK constraint {@code ck_<table>_<column>} allows only {@code allowed}. */
    record Enumerated(String table, String column, List<String> allowed, List<String> refused) {
        String constraint() {
            return "ck_" + table + "_" + column;
        }

        @Override
        public String toString() {
            return table + "." + column;
        }
    }

    static Stream<Enumerated> enumeratedColumns() {
        return Stream.of(
                new Enumerated("users", "role", List.of("admin", "user", "viewer"), List.of("Admin", "root", "")),
                new Enumerated("agents", "status", STATUSES, List.of("healthy", "Unknown", "")),
                new Enumerated("tools", "status", STATUSES, List.of("OFF", "Running")),
                new Enumerated("tool_instances", "status", STATUSES, List.of("ready", "Stopped")),
                new Enumerated("tools", "module_scope", List.of("global", "agent"), List.of("Global", "system", "user")),
                new Enumerated("plugins", "status", List.of("Active", "Inactive", "Error"), List.of("active", "Disabled")),
                new Enumerated("configurations", "type", VALUE_TYPES, List.of("String", "integer", "text")),
                new Enumerated("configurations", "scope", List.of("system", "agent", "tool", "user"),
                        List.of("System", "instance", "global")),
                new Enumerated("system_config", "config_type", VALUE_TYPES, List.of("int", "JSON")),
                new Enumerated("agent_configs", "config_type", VALUE_TYPES, List.of("float", "Boolean")));
    }

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    Rows rows;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        rows = new Rows(sql);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enumeratedColumns")
    void acceptsEachValueOfTheSeed(Enumerated enumerated) {
        for (String value : enumerated.allowed()) {
            Map<String, String> row = rowWith(enumerated, value);
            String stored = sql.value(String.class, Rows.insert(enumerated.table(), row) + " RETURNING " + enumerated.column());
            assertEquals(value, stored, enumerated.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enumeratedColumns")
    void refusesAnyOtherValue(Enumerated enumerated) {
        for (String value : enumerated.refused()) {
            sql.refusedBy(Sql.CHECK, enumerated.constraint(), Rows.insert(enumerated.table(), rowWith(enumerated, value)));
        }
    }

    /** A tool instance or plugin takes its scope from its tool, and the scope can only be one of the seed's. */
    @ParameterizedTest
    @ValueSource(strings = { "tool_instances", "plugins" })
    void theCopiedModuleScopeTakesOnlyTheSeedsValues(String table) {
        for (String scope : List.of("global", "agent")) {
            int tool = rows.tool(scope);
            int id = table.equals("plugins") ? rows.plugin(tool) : rows.toolInstance(tool, rows.agent());
            assertEquals(scope, sql.value(String.class, "SELECT module_scope FROM " + table + " WHERE id = ?", id));
            sql.refusedBy(Sql.CHECK, "ck_" + table + "_module_scope",
                    "UPDATE " + table + " SET module_scope = 'shared' WHERE id = ?", id);
        }
    }

    private Map<String, String> rowWith(Enumerated enumerated, String value) {
        Map<String, String> row = rows.valid(enumerated.table());
        row.put(enumerated.column(), quote(value));
        if (enumerated.column().equals("scope") && value.equals("system")) {
            row.put("scope_id", "NULL");
        } else if (enumerated.column().equals("scope") && !value.equals("agent")) {
            // an id no tool or user of the run has (scope_id has no foreign key): an agent's id here would
            // make the row a dependent of whichever tool or user later gets that id
            row.put("scope_id", "2000000042");
        }
        return row;
    }

    /** No enumerated column allows a value beyond the seed's list, and none escapes the list above. */
    @Test
    void theConstraintsListExactlyTheSeedsValues() {
        Map<String, List<String>> expected = new TreeMap<>();
        enumeratedColumns().forEach(e -> expected.put(e.constraint(), e.allowed()));
        expected.put("ck_tool_instances_module_scope", List.of("global", "agent"));
        expected.put("ck_plugins_module_scope", List.of("global", "agent"));

        Map<String, List<String>> actual = new TreeMap<>();
        for (Map<String, Object> row : sql.rows("""
                SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
                WHERE contype = 'c' AND connamespace = 'public'::regnamespace
                  AND pg_get_constraintdef(oid) LIKE '%= ANY%ARRAY[%'""")) {
            if (!ExpectedSchema.TABLES.contains(tableOf((String) row.get("conname")))) {
                continue; // a table a later feature added, tested with that feature
            }
            Matcher literal = Pattern.compile("'([^']*)'::").matcher((String) row.get("definition"));
            List<String> values = new ArrayList<>();
            while (literal.find()) {
                values.add(literal.group(1));
            }
            actual.put((String) row.get("conname"), values);
        }
        assertEquals(expected, actual);
    }

    private String tableOf(String constraint) {
        return sql.value(String.class, "SELECT conrelid::regclass::text FROM pg_constraint WHERE conname = ?", constraint);
    }
}
