package io.animus.registry.tool;

import java.util.Optional;

import io.animus.registry.agent.Agent;
import io.animus.registry.web.ProblemException;

/**
 * The seed's module-scope rule for tool instances: a global tool may have any number of instances,
 * for agents or as the master instance ({@code agent_id} NULL); an agent-scoped tool is installed in
 * an agent's folder, so each of its instances names an agent, and an agent has at most one.
 * The database holds the same rule (a check and a partial unique index) against races.
 */
public final class InstanceScopeRule {

    private InstanceScopeRule() {
    }

    /**
     * Checks that {@code instance} may belong to {@code agent}.
     *
     * @param existingForAgent the instance of this agent-scoped tool that {@code agent} already has, if any
     */
    public static void check(Tool tool, Agent agent, Optional<ToolInstance> existingForAgent, ToolInstance instance) {
        if (tool.moduleScope != ModuleScope.AGENT) {
            return;
        }
        if (agent == null) {
            throw ProblemException.invalid("agent_id",
                    "is required: tool '" + tool.name + "' is agent-scoped, so each instance belongs to one agent");
        }
        existingForAgent.filter(other -> !other.id.equals(instance.id)).ifPresent(other -> {
            throw ProblemException.conflict("Agent " + agent.id + " already has instance " + other.id
                    + " of the agent-scoped tool '" + tool.name + "'; an agent has at most one");
        });
    }
}
