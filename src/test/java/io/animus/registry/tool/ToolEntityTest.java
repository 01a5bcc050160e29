package io.animus.registry.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.PersistenceException;

import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;

import io.animus.registry.agent.Agent;
import io.animus.registry.plugin.Plugin;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Tools, their instances and plugins through Panache, with the module scope the database copies. */
@QuarkusTest
class ToolEntityTest {

    @Test
    void anInstanceAndAPluginReadTheirToolsScopeBack() {
        String suffix = UUID.randomUUID().toString();
        Integer[] ids = QuarkusTransaction.requiringNew().call(() -> {
            Tool tool = tool("athena-notes-" + suffix, ModuleScope.AGENT);
            Agent agent = agent("athena-" + suffix);
            ToolInstance instance = new ToolInstance();
            instance.tool = tool;
            instance.agent = agent;
            instance.persist();
            Plugin plugin = new Plugin();
            plugin.tool = tool;
            plugin.name = "summaries";
            plugin.dependencies = List.of("storage");
            plugin.persist();
            // the scope the database gave is read back on insert
            assertEquals(ModuleScope.AGENT, instance.moduleScope);
            assertEquals(ModuleScope.AGENT, plugin.moduleScope);
            return new Integer[] { tool.id, instance.id, plugin.id };
        });

        QuarkusTransaction.requiringNew().run(() -> Tool.<Tool> findById(ids[0]).moduleScope = ModuleScope.GLOBAL);

        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(ModuleScope.GLOBAL, ToolInstance.<ToolInstance> findById(ids[1]).moduleScope);
            Plugin plugin = Plugin.findById(ids[2]);
            assertEquals(ModuleScope.GLOBAL, plugin.moduleScope);
            assertEquals(List.of("storage"), plugin.dependencies);
            assertEquals(List.of(plugin), Plugin.listByTool(plugin.tool));
            assertEquals(ids[0], Tool.findByName("athena-notes-" + suffix).orElseThrow().id);
        });
    }

    @Test
    void aSecondInstanceOfAnAgentScopedToolForTheSameAgentIsRefused() {
        String suffix = UUID.randomUUID().toString();
        Integer[] ids = QuarkusTransaction.requiringNew().call(() -> {
            Tool tool = tool("monday-calendar-" + suffix, ModuleScope.AGENT);
            Agent agent = agent("monday-" + suffix);
            ToolInstance instance = new ToolInstance();
            instance.tool = tool;
            instance.agent = agent;
            instance.persist();
            return new Integer[] { tool.id, agent.id };
        });

        PersistenceException refused = assertThrows(PersistenceException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            ToolInstance second = new ToolInstance();
            second.tool = Tool.findById(ids[0]);
            second.agent = Agent.findById(ids[1]);
            second.persist();
        }));
        ConstraintViolationException violation = findCause(refused, ConstraintViolationException.class);
        assertEquals("23505", violation.getSQLState());
        assertEquals("uq_tool_instances_agent_scoped", violation.getConstraintName());
    }

    private static Tool tool(String name, ModuleScope scope) {
        Tool tool = new Tool();
        tool.name = name;
        tool.moduleScope = scope;
        tool.persist();
        return tool;
    }

    private static Agent agent(String name) {
        Agent agent = new Agent();
        agent.lettaUid = "uid-" + name;
        agent.name = name;
        agent.persist();
        return agent;
    }

    private static <T extends Throwable> T findCause(Throwable thrown, Class<T> type) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + thrown, thrown);
    }
}
