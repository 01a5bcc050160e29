package io.animus.registry.discovery.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.animus.registry.discovery.reconcile.RegistrySnapshot.AgentRow;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Matches the folder of {@code agents/<folder>/modules} to a registered agent: by the agent's name,
 * by its {@code letta_uid}, or by {@code agent-<letta_uid>}, the form Animus installers use; when
 * none of these matches exactly, by the name ignoring case. A folder that matches no agent, or
 * more than one, is a problem: discovery never guesses, and never creates an agent.
 */
final class AgentFolders {

    /** The outcome for one folder: the agent's id, or why there is none. */
    @RegisterForReflection
    record Match(Integer agentId, String problem) {
    }

    private final Collection<AgentRow> agents;
    private final Map<String, Match> matches = new LinkedHashMap<>();

    AgentFolders(Collection<AgentRow> agents) {
        this.agents = agents;
    }

    Match match(String folder) {
        return matches.computeIfAbsent(folder, this::find);
    }

    private Match find(String folder) {
        Map<Integer, String> exact = new LinkedHashMap<>();
        for (AgentRow agent : agents) {
            if (folder.equals(agent.name())) {
                exact.putIfAbsent(agent.id(), "agent " + agent.id() + " by its name");
            }
            if (folder.equals(agent.lettaUid())) {
                exact.putIfAbsent(agent.id(), "agent " + agent.id() + " by its letta_uid");
            }
            if (folder.equals("agent-" + agent.lettaUid())) {
                exact.putIfAbsent(agent.id(), "agent " + agent.id() + " as agent-<letta_uid>");
            }
        }
        if (exact.size() == 1) {
            return new Match(exact.keySet().iterator().next(), null);
        }
        if (exact.size() > 1) {
            return new Match(null, ambiguous(folder, exact.values()));
        }
        List<String> ignoringCase = new ArrayList<>();
        Integer found = null;
        for (AgentRow agent : agents) {
            if (agent.name() != null && agent.name().equalsIgnoreCase(folder)) {
                found = agent.id();
                ignoringCase.add("agent " + agent.id() + " by its name '" + agent.name() + "'");
            }
        }
        if (ignoringCase.size() == 1) {
            return new Match(found, null);
        }
        if (ignoringCase.size() > 1) {
            return new Match(null, ambiguous(folder, ignoringCase));
        }
        return new Match(null, "is in the folder of agent '" + folder + "', which matches no registered agent"
                + " (by name, letta_uid or agent-<letta_uid>); register the agent first. Nothing under it was changed");
    }

    private static String ambiguous(String folder, Collection<String> candidates) {
        return "is in the folder of agent '" + folder + "', which matches several agents (" + String.join(", ", candidates)
                + "); rename the folder to one agent's letta_uid. Nothing under it was changed";
    }
}
