package io.animus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code animus plugins --tool T}: the plugins of one tool ({@code /api/v1/tools/{id}/plugins}), named by {@code name} within it. */
@Command(name = "plugins", description = "Plugins of a tool: list, get, create, update, delete (all with --tool T).")
public class Plugins extends ResourceCommand {

    @Option(names = "--tool", paramLabel = "TOOL", scope = ScopeType.INHERIT, description = "The tool the plugins belong to (id or name).")
    String tool;

    private String toolId;

    @Override
    String collection(Registry registry) {
        if (tool == null) {
            throw new Failure(Exit.USAGE, "plugins belong to a tool: give --tool TOOL");
        }
        if (toolId == null) {
            toolId = Names.tool(registry, tool);
        }
        return "tools/" + toolId + "/plugins";
    }

    @Override
    String noun() {
        return "plugin";
    }
}
