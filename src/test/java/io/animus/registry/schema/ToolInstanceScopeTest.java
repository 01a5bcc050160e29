package io.animus.registry.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The seed's module scope rules as the database keeps them: an agent-scoped tool has at most one
 * instance per agent, a global tool any number, and instances and plugins follow their tool's scope.
 */
@QuarkusTest
class ToolInstanceScopeTest {

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    Rows rows;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        rows = new Rows(sql);
    }

    @Test
    void anAgentScopedToolHasOneInstancePerAgent() {
        int tool = rows.tool("agent");
        int athena = rows.agent();
        rows.toolInstance(tool, athena);
        sql.refusedBy(Sql.UNIQUE, "uq_tool_instances_agent_scoped",
                "INSERT INTO tool_instances (tool_id, agent_id, name) VALUES (?, ?, 'second')", tool, athena);
        // another agent gets its own
        rows.toolInstance(tool, rows.agent());
    }

    @Test
    void anAgentScopedInstanceBelongsToAnAgent() {
        int tool = rows.tool("agent");
        sql.refusedBy(Sql.CHECK, "ck_tool_instances_agent_required",
                "INSERT INTO tool_instances (tool_id, agent_id) VALUES (?, NULL)", tool);
    }

    @Test
    void aGlobalToolHasAnyNumberOfInstancesAndAMasterInstance() {
        int tool = rows.tool("global");
        int monday = rows.agent();
        rows.toolInstance(tool, monday);
        rows.toolInstance(tool, monday);
        rows.toolInstance(tool, null);
        rows.toolInstance(tool, null);
        assertEquals(4L, sql.value(Long.class, "SELECT count(*) FROM tool_instances WHERE tool_id = ?", tool));
    }

    @Test
    void anInstanceAndAPluginTakeTheirToolsScopeWhateverTheyAreGiven() {
        int tool = rows.tool("agent");
        int instance = sql.insertId(
                "INSERT INTO tool_instances (tool_id, agent_id, module_scope) VALUES (?, ?, 'global') RETURNING id", tool, rows.agent());
        int plugin = sql.insertId("INSERT INTO plugins (tool_id, name, module_scope) VALUES (?, 'p', 'global') RETURNING id", tool);
        assertEquals("agent", scopeOf("tool_instances", instance));
        assertEquals("agent", scopeOf("plugins", plugin));
    }

    @Test
    void anInstanceAndAPluginFollowAChangeOfTheirToolsScope() {
        int tool = rows.tool("agent");
        int instance = rows.toolInstance(tool, rows.agent());
        int plugin = rows.plugin(tool);

        sql.update("UPDATE tools SET module_scope = 'global' WHERE id = ?", tool);
        assertEquals("global", scopeOf("tool_instances", instance));
        assertEquals("global", scopeOf("plugins", plugin));

        sql.update("UPDATE tools SET module_scope = 'agent' WHERE id = ?", tool);
        assertEquals("agent", scopeOf("tool_instances", instance));
        assertEquals("agent", scopeOf("plugins", plugin));
    }

    @Test
    void anInstanceMovedToAnotherToolTakesThatToolsScope() {
        int instance = rows.toolInstance(rows.tool("global"), rows.agent());
        sql.update("UPDATE tool_instances SET tool_id = ? WHERE id = ?", rows.tool("agent"), instance);
        assertEquals("agent", scopeOf("tool_instances", instance));
    }

    @Test
    void anInstanceOrPluginOfAMissingToolIsAForeignKeyViolation() {
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_tool_instances_tool", "INSERT INTO tool_instances (tool_id) VALUES (-1)");
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_plugins_tool", "INSERT INTO plugins (tool_id, name) VALUES (-1, 'p')");
        int instance = rows.toolInstance(rows.tool("global"), null);
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_tool_instances_tool", "UPDATE tool_instances SET tool_id = -1 WHERE id = ?", instance);
        int plugin = rows.plugin(rows.tool("global"));
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_plugins_tool", "UPDATE plugins SET tool_id = -1 WHERE id = ?", plugin);
    }

    @Test
    void anInstanceCannotDisagreeWithItsTool() {
        int instance = rows.toolInstance(rows.tool("global"), rows.agent());
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_tool_instances_tool", "UPDATE tool_instances SET module_scope = 'agent' WHERE id = ?", instance);
        int plugin = rows.plugin(rows.tool("global"));
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_plugins_tool", "UPDATE plugins SET module_scope = 'agent' WHERE id = ?", plugin);
    }

    @Test
    void aGlobalToolWithAMasterInstanceCannotBecomeAgentScoped() {
        int tool = rows.tool("global");
        rows.toolInstance(tool, null);
        sql.refusedBy(Sql.CHECK, "ck_tool_instances_agent_required", "UPDATE tools SET module_scope = 'agent' WHERE id = ?", tool);
        assertEquals("global", sql.value(String.class, "SELECT module_scope FROM tools WHERE id = ?", tool));
    }

    @Test
    void aGlobalToolWithTwoInstancesForOneAgentCannotBecomeAgentScoped() {
        int tool = rows.tool("global");
        int agent = rows.agent();
        rows.toolInstance(tool, agent);
        rows.toolInstance(tool, agent);
        sql.refusedBy(Sql.UNIQUE, "uq_tool_instances_agent_scoped", "UPDATE tools SET module_scope = 'agent' WHERE id = ?", tool);
    }

    private String scopeOf(String table, int id) {
        return sql.value(String.class, "SELECT module_scope FROM " + table + " WHERE id = ?", id);
    }
}
