package io.animus.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code animus tool-instances}: the tools' instances ({@code /api/v1/tool-instances}); a new one is
 * created under its tool ({@code --tool}), for an agent ({@code --agent}) or as the tool's master instance.
 */
@Command(name = "tool-instances", description = "Tool instances: list, get, create (--tool T [--agent A]), update, delete.")
public class ToolInstances extends ResourceCommand {

    @Option(names = "--tool", paramLabel = "TOOL", scope = ScopeType.INHERIT, description = "The tool (id or name): list its instances, create one.")
    String tool;

    @Option(names = "--agent", paramLabel = "AGENT", scope = ScopeType.INHERIT, description = "The agent (id or name): list its instances, create one for it.")
    String agent;

    @Override
    String collection(Registry registry) {
        return "tool-instances";
    }

    @Override
    String noun() {
        return "tool instance";
    }

    @Override
    String createPath(Registry registry) {
        if (tool == null) {
            throw new Failure(Exit.USAGE, "which tool is it an instance of? give --tool TOOL");
        }
        return "tools/" + Names.tool(registry, tool) + "/instances";
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
        if (tool != null) {
            filters.put("tool_id", Names.tool(registry, tool));
        }
        if (agent != null) {
            filters.put("agent_id", Names.agent(registry, agent));
        }
        return filters;
    }
}
