package io.animus.registry.discovery.reconcile;

import io.animus.registry.discovery.home.Manifest;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.animus.registry.discovery.reconcile.BulkStatements.Update;
import io.animus.registry.discovery.reconcile.RegistrySnapshot.InstanceKey;
import io.animus.registry.discovery.reconcile.RegistrySnapshot.InstanceRow;
import io.animus.registry.discovery.reconcile.RegistrySnapshot.ToolRow;
import io.animus.registry.discovery.reconcile.ToolInstanceBulkWrites.InstanceWrite;

/**
 * The tool instances of one scan: each agent module, matched to its agent by folder, is its agent's
 * instance of the tool of its name. An agent's instance made through the API is never written, and two
 * modules of one agent with the same name are both reported and neither used.
 */
final class InstanceReconciler {

    /** An agent module matched to its agent. */
    record Module(Manifest manifest, int agentId) {
    }

    private final Reconciliation run;
    private final ToolInstanceBulkWrites writes;
    /** The agent-and-name keys ({@code agentId/name}) that several modules claim: their instances are kept as they are. */
    private final Set<String> contested = new HashSet<>();

    InstanceReconciler(Reconciliation run, ToolInstanceBulkWrites writes) {
        this.run = run;
        this.writes = writes;
    }

    /** The agent modules matched to their agents, without those that share a name within one agent (reported). */
    List<Module> modules(List<Manifest> agentModules) {
        AgentFolders folders = new AgentFolders(run.snapshot.agents);
        List<Module> modules = new ArrayList<>();
        for (Manifest manifest : agentModules) {
            AgentFolders.Match match = folders.match(manifest.agentFolder());
            if (match.agentId() == null) {
                run.problem(manifest.path(), match.problem());
                run.held.hold("agents/" + manifest.agentFolder() + "/");
            } else {
                modules.add(new Module(manifest, match.agentId()));
            }
        }
        return withoutDuplicates(modules);
    }

    /** Two modules of one agent with the same name: both reported, neither used; the agent's instance is kept as it is. */
    private List<Module> withoutDuplicates(List<Module> modules) {
        Map<String, List<Module>> byAgentAndName = new LinkedHashMap<>();
        for (Module module : modules) {
            byAgentAndName.computeIfAbsent(module.agentId() + "/" + module.manifest().name(), key -> new ArrayList<>()).add(module);
        }
        List<Module> kept = new ArrayList<>();
        byAgentAndName.forEach((key, claims) -> {
            if (claims.size() == 1) {
                kept.add(claims.get(0));
                return;
            }
            contested.add(key);
            for (Module claim : claims) {
                run.problem(claim.manifest().path(), "claims the module name '" + claim.manifest().name() + "' that "
                        + Reconciliation.others(claims.stream().map(Module::manifest).toList(), claim.manifest())
                        + " of the same agent also claim; neither is used until one is renamed or removed");
            }
        });
        return kept;
    }

    void reconcile(List<Module> modules, ToolReconciler.Reconciled tools) throws SQLException {
        Set<InstanceKey> claimed = new HashSet<>();
        List<InstanceWrite> inserts = new ArrayList<>();
        List<Update<InstanceWrite>> updates = new ArrayList<>();
        for (Module module : modules) {
            Manifest manifest = module.manifest();
            Integer toolId = tools.ids().get(manifest.name());
            if (toolId == null) {
                if (!tools.conflicting().contains(manifest.name())) {
                    run.problem(manifest.path(), "is an instance of the tool '" + manifest.name()
                            + "', which cannot be defined while several manifests under tools/ claim its name");
                }
                continue;
            }
            InstanceKey key = new InstanceKey(toolId, module.agentId());
            claimed.add(key);
            InstanceRow existing = run.snapshot.discoveredInstances.get(key);
            if (existing == null) {
                if (run.snapshot.handMadeInstances.contains(key)) {
                    run.problem(manifest.path(), "would be agent " + module.agentId() + "'s instance of the tool '" + manifest.name()
                            + "', but that agent already has one created through the API; discovery leaves it alone");
                    continue;
                }
                InstanceWrite write = instanceWrite(toolId, module.agentId(), manifest);
                if (write != null) {
                    inserts.add(write);
                    run.created("tool_instance", manifest.name(), manifest.path());
                }
            } else if (run.held.covers(existing.discoveredFrom())) {
                continue;
            } else if (Objects.equals(existing.manifestHash(), manifest.hash()) && existing.discoveredFrom().equals(manifest.path())) {
                run.unchanged();
            } else {
                InstanceWrite write = instanceWrite(toolId, module.agentId(), manifest);
                if (write != null) {
                    updates.add(new Update<>(existing.id(), write));
                    run.updated("tool_instance", manifest.name(), manifest.path());
                }
            }
        }
        List<Integer> off = gone(claimed);
        writes.insert(inserts);
        writes.update(updates);
        writes.switchOff(off);
    }

    /** The discovered instances no module claims any more, except those contested, held or already Off. */
    private List<Integer> gone(Set<InstanceKey> claimed) {
        List<Integer> off = new ArrayList<>();
        for (InstanceRow instance : run.snapshot.discoveredInstances.values()) {
            InstanceKey key = new InstanceKey(instance.toolId(), instance.agentId());
            ToolRow tool = run.snapshot.toolsById.get(instance.toolId());
            boolean contestedKey = tool != null && contested.contains(instance.agentId() + "/" + tool.name());
            if (!claimed.contains(key) && !contestedKey && !run.held.covers(instance.discoveredFrom())
                    && instance.manifestHash() != null) {
                off.add(instance.id());
                run.switchedOff("tool_instance", tool == null ? String.valueOf(instance.toolId()) : tool.name(), instance.discoveredFrom());
            }
        }
        return off;
    }

    /** The instance's values from its whole manifest; NULL when it cannot be completed (reported). */
    private InstanceWrite instanceWrite(int toolId, int agentId, Manifest manifest) {
        Manifest whole = run.whole(manifest);
        return whole == null ? null
                : new InstanceWrite(toolId, agentId, whole.name(), whole.path(), whole.hash(), whole.document());
    }
}
