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
import java.util.TreeMap;

import io.animus.registry.discovery.reconcile.BulkStatements.Update;
import io.animus.registry.discovery.reconcile.PluginBulkWrites.PluginWrite;
import io.animus.registry.discovery.reconcile.RegistrySnapshot.PluginKey;
import io.animus.registry.discovery.reconcile.RegistrySnapshot.PluginRow;
import io.animus.registry.discovery.reconcile.RegistrySnapshot.ToolRow;
import io.animus.registry.plugin.PluginNode;
import io.animus.registry.plugin.PluginRules;
import io.animus.registry.plugin.ToolPlugins;
import io.animus.registry.web.ProblemException;

/**
 * The plugins of one scan. A plugin is keyed by the tool its manifest names (any tool of the registry,
 * discovered or made through the API) and its name; a plugin made through the API is never written,
 * and a discovered plugin that breaks {@link PluginRules} is reported, not written.
 */
final class PluginReconciler {

    /** A plugin whose manifest is new or changed, waiting for the plugin rules. */
    private record Candidate(Manifest manifest, int toolId, PluginRow existing) {
    }

    private final Reconciliation run;
    private final PluginBulkWrites writes;

    PluginReconciler(Reconciliation run, PluginBulkWrites writes) {
        this.run = run;
        this.writes = writes;
    }

    /** Reconciles the plugin manifests, given the discovered tools by name; answers whether any plugin was inserted or updated. */
    boolean reconcile(List<Manifest> manifests, Map<String, Integer> toolIds) throws SQLException {
        Map<String, List<Manifest>> byKey = new TreeMap<>();
        for (Manifest manifest : manifests) {
            byKey.computeIfAbsent(manifest.tool() + "\u0000" + manifest.name(), key -> new ArrayList<>()).add(manifest);
        }
        Set<PluginKey> claimed = new HashSet<>();
        Map<Integer, List<Candidate>> candidates = new TreeMap<>();
        for (List<Manifest> claims : byKey.values()) {
            Manifest first = claims.get(0);
            Integer toolId = parent(first.tool(), toolIds);
            if (toolId == null) {
                for (Manifest claim : claims) {
                    run.problem(claim.path(), "names the tool '" + claim.tool() + "' in \"tool\", which is not in the registry");
                    run.held.hold(claim.path());
                }
                continue;
            }
            PluginKey key = new PluginKey(toolId, first.name());
            claimed.add(key);
            if (claims.size() > 1) {
                for (Manifest claim : claims) {
                    run.problem(claim.path(), "claims the plugin name '" + claim.name() + "' of tool '" + claim.tool() + "' that "
                            + Reconciliation.others(claims, claim) + " also claim; neither is used until one is renamed or removed");
                }
                continue;
            }
            PluginRow existing = run.snapshot.pluginsByKey.get(key);
            if (existing != null && !existing.discovered()) {
                run.problem(first.path(), "names the plugin '" + first.name() + "' of tool '" + first.tool()
                        + "', which was created through the API (plugin " + existing.id() + "); discovery leaves it alone");
            } else if (existing != null && run.held.covers(existing.discoveredFrom())) {
                continue;
            } else if (existing != null && Objects.equals(existing.manifestHash(), first.hash())
                    && existing.discoveredFrom().equals(first.path())) {
                run.unchanged();
            } else {
                Manifest whole = run.whole(first);
                if (whole != null) {
                    candidates.computeIfAbsent(toolId, id -> new ArrayList<>()).add(new Candidate(whole, toolId, existing));
                }
            }
        }
        List<PluginWrite> inserts = new ArrayList<>();
        List<Update<PluginWrite>> updates = new ArrayList<>();
        for (Map.Entry<Integer, List<Candidate>> tool : candidates.entrySet()) {
            for (Candidate candidate : admitted(tool.getKey(), tool.getValue())) {
                Manifest manifest = candidate.manifest();
                PluginWrite write = new PluginWrite(candidate.toolId(), manifest.name(), manifest.version(),
                        RegistryStore.json(manifest.dependencies()), manifest.path(), manifest.hash(), manifest.document());
                if (candidate.existing() == null) {
                    inserts.add(write);
                    run.created("plugin", manifest.name(), manifest.path());
                } else {
                    updates.add(new Update<>(candidate.existing().id(), write));
                    run.updated("plugin", manifest.name(), manifest.path());
                }
            }
        }
        List<Integer> off = gone(claimed);
        writes.insert(inserts);
        writes.update(updates);
        writes.switchOff(off);
        return !inserts.isEmpty() || !updates.isEmpty();
    }

    /** The tool a plugin names: any tool of the registry, discovered or made through the API. */
    private Integer parent(String toolName, Map<String, Integer> toolIds) {
        Integer id = toolIds.get(toolName);
        if (id != null) {
            return id;
        }
        ToolRow tool = run.snapshot.toolsByName.get(toolName);
        return tool == null ? null : tool.id();
    }

    /** The discovered plugins no manifest claims any more, except those held or already Inactive. */
    private List<Integer> gone(Set<PluginKey> claimed) {
        List<Integer> off = new ArrayList<>();
        for (PluginRow plugin : run.snapshot.plugins) {
            if (plugin.discovered() && !claimed.contains(new PluginKey(plugin.toolId(), plugin.name()))
                    && !run.held.covers(plugin.discoveredFrom()) && plugin.manifestHash() != null) {
                off.add(plugin.id());
                run.switchedOff("plugin", plugin.name(), plugin.discoveredFrom());
            }
        }
        return off;
    }

    /**
     * The candidates of one tool that the plugin rules admit, checked against the tool's plugins as
     * they will be after this scan. A refused candidate is reported and taken out, and the others are
     * checked again, until none is refused: a plugin cannot be admitted on the strength of one that
     * is refused. New candidates have no id: the rules tell a plugin from its stored self by id.
     */
    private List<Candidate> admitted(int toolId, List<Candidate> candidates) {
        String toolName = candidates.get(0).manifest().tool();
        List<Candidate> pending = new ArrayList<>(candidates);
        while (true) {
            Map<String, PluginNode> desired = new LinkedHashMap<>();
            for (PluginRow row : run.snapshot.pluginsByTool.getOrDefault(toolId, List.of())) {
                desired.put(row.name(), new PluginNode(row.id(), row.name(), row.dependencies(), row.enabled()));
            }
            Map<Candidate, PluginNode> changed = new LinkedHashMap<>();
            for (Candidate candidate : pending) {
                PluginRow existing = candidate.existing();
                PluginNode plugin = new PluginNode(existing == null ? null : existing.id(), candidate.manifest().name(),
                        candidate.manifest().dependencies(), existing == null || existing.enabled());
                desired.put(plugin.name(), plugin);
                changed.put(candidate, plugin);
            }
            ToolPlugins siblings = new ToolPlugins(toolId, toolName, List.copyOf(desired.values()));
            List<Candidate> refused = new ArrayList<>();
            changed.forEach((candidate, plugin) -> {
                try {
                    PluginRules.checkChange(plugin, candidate.existing() == null ? null : candidate.existing().name(), siblings);
                } catch (ProblemException e) {
                    refused.add(candidate);
                    run.problem(candidate.manifest().path(), "breaks the plugin rules: " + e.getMessage()
                            + (candidate.existing() == null ? "; the plugin is not created" : "; the plugin is left as it was"));
                }
            });
            if (refused.isEmpty()) {
                return pending;
            }
            pending.removeAll(refused);
        }
    }
}
