package io.animus.registry.schema;

import static io.animus.registry.schema.Rows.quote;
import static io.animus.registry.schema.Rows.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.ServerErrorMessage;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;

/** The NOT NULL, CHECK and default rules of the registry's tables. */
@QuarkusTest
class ConstraintsTest {

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    Rows rows;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        rows = new Rows(sql);
    }

    /**
     * Every NOT NULL column but the two module_scope copies, which the database fills from the tool
     * whatever the statement gives (see {@link ToolInstanceScopeTest}).
     */
    static Stream<Arguments> notNullColumns() {
        return ExpectedSchema.notNullColumns().entrySet().stream()
                .flatMap(table -> table.getValue().stream()
                        .filter(column -> !column.equals("module_scope") || table.getKey().equals("tools"))
                        .map(column -> Arguments.of(table.getKey(), column)));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("notNullColumns")
    void aNotNullColumnRefusesNull(String table, String column) {
        sql.update(Rows.insert(table, rows.valid(table)));

        Map<String, String> row = rows.valid(table);
        row.put(column, "NULL");
        ServerErrorMessage refusal = sql.refused(Sql.NOT_NULL, Rows.insert(table, row));
        assertEquals(column, refusal.getColumn(), refusal::toString);
    }

    @Test
    void theSystemScopeAloneHasNoScopeId() {
        sql.update(configuration("system", null));
        for (String scope : List.of("agent", "tool", "user")) {
            // an id no agent, tool or user of the test run has: the row must not become another test's dependent
            sql.update(configuration(scope, 2_000_000_042));
            sql.refusedBy(Sql.CHECK, "ck_configurations_scope_id", configuration(scope, null));
        }
        sql.refusedBy(Sql.CHECK, "ck_configurations_scope_id", configuration("system", 42));
        sql.refusedBy(Sql.CHECK, "ck_configurations_scope_id", configuration("system", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = { "1ABC", "A-B", "A B", "", "A.B", "PATH=", "ÄRGER", "9", "$HOME" })
    void anEnvironmentVariableNameMustBePortable(String name) {
        sql.refusedBy(Sql.CHECK, "ck_env_vars_var_name", "INSERT INTO env_vars (var_name) VALUES (?)", name);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ABC_", "_A1_", "lower_case_", "X" })
    void aPortableEnvironmentVariableNameIsAccepted(String prefix) {
        String name = prefix + Rows.uniqueVarName();
        assertEquals(name, sql.value(String.class, "INSERT INTO env_vars (var_name) VALUES (?) RETURNING var_name", name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "visible_to_users", "visible_to_roles" })
    void anAgentsVisibilityIsAListOrNull(String column) {
        for (String list : List.of("[]", "[1, 5, 12]", "[\"admin\", \"user\"]")) {
            Map<String, String> row = rows.valid("agents");
            row.put(column, quote(list) + "::jsonb");
            sql.update(Rows.insert("agents", row));
            // the registry itself writes user ids and role names only: a row of another list is not left for the
            // tests that read every agent of the suite's database (the state export)
            sql.update("DELETE FROM agents WHERE letta_uid = " + row.get("letta_uid"));
        }
        Map<String, String> row = rows.valid("agents");
        row.put(column, "NULL");
        sql.update(Rows.insert("agents", row));

        for (String notAList : List.of("{\"users\": [1]}", "5", "\"admin\"", "null", "true")) {
            Map<String, String> refused = rows.valid("agents");
            refused.put(column, quote(notAList) + "::jsonb");
            sql.refusedBy(Sql.CHECK, "ck_agents_" + column, Rows.insert("agents", refused));
        }
    }

    @Test
    void aPluginsDependenciesAreAListOrNull() {
        int tool = rows.tool("global");
        sql.update("INSERT INTO plugins (tool_id, name, dependencies) VALUES (?, ?, '[\"auth\"]'::jsonb)", tool, unique("plugin"));
        sql.update("INSERT INTO plugins (tool_id, name, dependencies) VALUES (?, ?, NULL)", tool, unique("plugin"));
        sql.refusedBy(Sql.CHECK, "ck_plugins_dependencies",
                "INSERT INTO plugins (tool_id, name, dependencies) VALUES (?, ?, '{\"auth\": \"1.0\"}'::jsonb)", tool, unique("plugin"));
    }

    @Test
    void failedLoginAttemptsCannotBeNegative() {
        int user = rows.user();
        sql.update("UPDATE users SET failed_login_attempts = 3 WHERE id = ?", user);
        sql.refusedBy(Sql.CHECK, "ck_users_failed_login_attempts", "UPDATE users SET failed_login_attempts = -1 WHERE id = ?", user);
    }

    @Test
    void theSeedsDefaultsApplyWhenAColumnIsLeftOut() {
        Map<String, Object> user = sql.rows("INSERT INTO users (username, email, password_hash, role) VALUES (?, ?, 'h', 'user') "
                + "RETURNING is_active, failed_login_attempts, created_at, updated_at", unique("u"), unique("u") + "@example.org").get(0);
        assertEquals(true, user.get("is_active"));
        assertEquals(0, user.get("failed_login_attempts"));
        assertNotNull(user.get("created_at"));
        assertEquals(user.get("created_at"), user.get("updated_at"));

        Map<String, Object> agent = sql.rows("INSERT INTO agents (letta_uid) VALUES (?) RETURNING status, is_active",
                unique("uid")).get(0);
        assertEquals(Map.of("status", "Ready", "is_active", true), agent);

        Map<String, Object> tool = sql.rows("INSERT INTO tools (name) VALUES (?) RETURNING id, status, module_scope, is_enabled",
                unique("tool")).get(0);
        int toolId = (Integer) tool.remove("id");
        assertEquals(Map.of("status", "Ready", "module_scope", "global", "is_enabled", true), tool);

        Map<String, Object> instance = sql.rows("INSERT INTO tool_instances (tool_id) VALUES (?) RETURNING status, is_active",
                toolId).get(0);
        assertEquals(Map.of("status", "Ready", "is_active", true), instance);

        Map<String, Object> plugin = sql.rows("INSERT INTO plugins (tool_id, name) VALUES (?, 'p') RETURNING status, is_enabled",
                toolId).get(0);
        assertEquals(Map.of("status", "Active", "is_enabled", true), plugin);

        Map<String, Object> configuration = sql.rows("INSERT INTO configurations (key, scope) VALUES (?, 'system') "
                + "RETURNING type, is_encrypted", unique("key")).get(0);
        assertEquals(Map.of("type", "string", "is_encrypted", false), configuration);

        Map<String, Object> systemConfig = sql.rows("INSERT INTO system_config (config_key) VALUES (?) "
                + "RETURNING config_type, is_encrypted, category", unique("key")).get(0);
        assertEquals(Map.of("config_type", "string", "is_encrypted", false, "category", "general"), systemConfig);

        Map<String, Object> agentConfig = sql.rows("INSERT INTO agent_configs (agent_id, config_key) VALUES (?, 'k') "
                + "RETURNING config_type, is_encrypted", rows.agent()).get(0);
        assertEquals(Map.of("config_type", "string", "is_encrypted", false), agentConfig);

        Map<String, Object> envVar = sql.rows("INSERT INTO env_vars (var_name) VALUES (?) RETURNING is_encrypted",
                Rows.uniqueVarName()).get(0);
        assertEquals(Map.of("is_encrypted", false), envVar);

        Map<String, Object> message = sql.rows("INSERT INTO web_chat_messages (session_id, message) VALUES (?, 'hi') "
                + "RETURNING processed, timestamp", rows.chatSession()).get(0);
        assertEquals(false, message.get("processed"));
        assertNotNull(message.get("timestamp"));

        Map<String, Object> session = sql.rows("INSERT INTO user_sessions (id, user_id, session_token, expires_at) "
                + "VALUES (?, ?, ?, now()) RETURNING created_at", unique("s"), rows.user(), unique("t")).get(0);
        assertNotNull(session.get("created_at"));
    }

    private static String configuration(String scope, Integer scopeId) {
        return "INSERT INTO configurations (key, scope, scope_id) VALUES (" + quote(unique("key")) + ", " + quote(scope) + ", "
                + scopeId + ")";
    }
}
