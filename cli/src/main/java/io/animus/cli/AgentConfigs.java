package io.animus.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code animus agent-configs}: the agents' own settings ({@code /api/v1/agent-configs}), named by {@code config_key}. */
@Command(name = "agent-configs", description = "Agent settings: list, get, create (--agent A), update, delete.")
public class AgentConfigs extends ResourceCommand {

    @Option(names = "--agent", paramLabel = "AGENT", scope = ScopeType.INHERIT, description = "The agent (id or name): list its settings, create one for it.")
    String agent;

    @Override
    String collection(Registry registry) {
        return "agent-configs";
    }

    @Override
    String noun() {
        return "agent setting";
    }

    @Override
    String nameField() {
        return "config_key";
    }

    @Override
    String nameFilter() {
        return "config_key";
    }

    @Override
    String secretField() {
        return "config_value";
    }

    @Override
    void completeCreate(Registry registry, ObjectNode body) {
        if (agent != null) {
            body.put("agent_id", Integer.parseInt(Names.agent(registry, agent)));
        }
    }

    @Override
    Map<String, Object> listFilters(Registry registry) {
        Map<String, Object> filters = super.listFilters(registry);
        if (agent != null) {
            filters.put("agent_id", Names.agent(registry, agent));
        }
        return filters;
    }
}
