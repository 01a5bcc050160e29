package io.animus.registry.letta;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.animus.registry.agent.AgentLettaLink;

/**
 * The rule of tool drift: Letta's tool names for an agent against the registry's tools the agent has
 * (its active tool instances and the global tools) and its plugins, whose commands Letta names
 * {@code <plugin>__<command>}. A plugin counts as present in Letta when any of its commands is.
 */
final class ToolDrift {

    /** The separator between a plugin and its command in Letta's tool names (SMCP's). */
    static final String COMMAND_SEPARATOR = "__";

    private ToolDrift() {
    }

    static LettaDriftResponse compare(int agentId, AgentLettaLink link, Set<String> registryTools, Set<String> plugins) {
        Set<String> letta = new TreeSet<>(link.lettaTools == null ? List.of() : link.lettaTools);
        List<String> lettaLacks = new ArrayList<>();
        List<String> registryLacks = new ArrayList<>();
        List<String> inBoth = new ArrayList<>();
        for (String tool : registryTools) {
            if (letta.contains(tool)) {
                inBoth.add(tool);
            } else {
                lettaLacks.add(tool);
            }
        }
        for (String plugin : plugins) {
            if (letta.stream().noneMatch(name -> name.startsWith(plugin + COMMAND_SEPARATOR))) {
                lettaLacks.add(plugin + COMMAND_SEPARATOR + "*");
            }
        }
        for (String name : letta) {
            if (registryTools.contains(name)) {
                continue;
            }
            int separator = name.indexOf(COMMAND_SEPARATOR);
            if (separator > 0 && plugins.contains(name.substring(0, separator))) {
                inBoth.add(name);
            } else {
                registryLacks.add(name);
            }
        }
        inBoth.sort(null);
        lettaLacks.sort(null);
        return new LettaDriftResponse(agentId, link.lettaId, link.checkedAt, List.copyOf(new TreeSet<>(registryTools)),
                List.copyOf(plugins), List.copyOf(letta), lettaLacks, registryLacks, inBoth, lettaLacks.isEmpty() && registryLacks.isEmpty());
    }
}
