package io.animus.registry.discovery.reconcile;

import io.animus.registry.discovery.home.Manifest;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.discovery.reconcile.BulkStatements.Update;
import io.animus.registry.discovery.reconcile.RegistrySnapshot.ToolRow;
import io.animus.registry.discovery.reconcile.RegistryStore.InstanceConfig;
import io.animus.registry.discovery.reconcile.ToolBulkWrites.ToolWrite;
import io.animus.registry.tool.ModuleScope;
import io.animus.registry.tool.SchemaUpgrade;
import io.animus.registry.version.InvalidInstance;

/**
 * The tools of one scan. A tool is keyed by name; its definition comes from its {@code tools/} manifest,
 * or, when it has none, from the first (by path) agent module of that name. A tool made through the API
 * is never written; a tool may not become agent-scoped while it has a master instance; a new config
 * schema is taken even when it rejects an instance's config, and those instances are reported.
 */
final class ToolReconciler {

    /**
     * What the instances, the plugins and the version records need of the tools.
     *
     * @param ids the discovered tools that agent modules and plugins may attach to, by name
     * @param conflicting tool names whose modules are already reported: claims refused as conflicts with
     *        hand-made tools, and tools whose manifest could not be completed
     * @param invalidInstances by tool id, the instances a tool's new config schema rejects, as JSON for the version row
     * @param written whether any tool was inserted or updated
     */
    record Reconciled(Map<String, Integer> ids, Set<String> conflicting, Map<Integer, String> invalidInstances, boolean written) {
    }

    private final Reconciliation run;
    private final RegistryStore store;
    private final ToolBulkWrites writes;
    private final SchemaUpgrade upgrade;

    private final Map<String, Integer> ids = new HashMap<>();
    private final Set<String> conflicting = new HashSet<>();
    private final Map<Integer, String> invalidInstances = new HashMap<>();

    ToolReconciler(Reconciliation run, RegistryStore store, ToolBulkWrites writes, SchemaUpgrade upgrade) {
        this.run = run;
        this.store = store;
        this.writes = writes;
        this.upgrade = upgrade;
    }

    Reconciled reconcile(List<Manifest> definitions, List<Manifest> agentModules) throws SQLException {
        Map<String, List<Manifest>> defined = group(definitions);
        Map<String, List<Manifest>> fromModules = group(agentModules);
        Set<String> names = new TreeSet<>(defined.keySet());
        names.addAll(fromModules.keySet());
        List<ToolWrite> inserts = new ArrayList<>();
        List<Update<ToolWrite>> updates = new ArrayList<>();
        for (String name : names) {
            reconcile(name, defined.getOrDefault(name, List.of()), fromModules.getOrDefault(name, List.of()), inserts, updates);
        }
        List<Integer> off = gone(names);
        off.forEach(id -> run.switchedOff("tool", run.snapshot.toolsById.get(id).name(), run.snapshot.toolsById.get(id).discoveredFrom()));
        boolean written = !inserts.isEmpty() || !updates.isEmpty();
        ids.putAll(writes.insert(inserts));
        checkInstancesUnderNewSchemas(updates);
        writes.update(updates);
        writes.switchOff(off);
        return new Reconciled(ids, conflicting, invalidInstances, written);
    }

    /** Decides the tool {@code name} from the manifests under {@code tools/} and the agent modules that claim it. */
    private void reconcile(String name, List<Manifest> definers, List<Manifest> fromModules, List<ToolWrite> inserts,
            List<Update<ToolWrite>> updates) {
        ToolRow existing = run.snapshot.toolsByName.get(name);
        if (existing != null && !existing.discovered()) {
            conflicting.add(name);
            List<Manifest> claims = new ArrayList<>(definers);
            claims.addAll(fromModules);
            for (Manifest claim : claims) {
                run.problem(claim.path(), "names the tool '" + name + "', which was created through the API (tool "
                        + existing.id() + "); discovery leaves it alone. Rename the module or delete that tool");
            }
            return;
        }
        if (existing != null) {
            ids.put(name, existing.id());
        }
        if (definers.size() > 1) {
            for (Manifest definer : definers) {
                run.problem(definer.path(), "claims the tool name '" + name + "' that " + Reconciliation.others(definers, definer)
                        + " also claim; neither is used until one is renamed or removed");
            }
            return;
        }
        Manifest definer = definers.isEmpty() ? fromModules.get(0) : definers.get(0);
        if (existing == null) {
            Manifest whole = run.whole(definer);
            if (whole == null) {
                conflicting.add(name);
                return;
            }
            inserts.add(toolWrite(whole));
            run.created("tool", name, whole.path());
        } else if (run.held.covers(existing.discoveredFrom())) {
            return;
        } else if (Objects.equals(existing.manifestHash(), definer.hash()) && existing.discoveredFrom().equals(definer.path())) {
            run.unchanged();
        } else if (definer.moduleScope() == ModuleScope.AGENT && existing.moduleScope() == ModuleScope.GLOBAL
                && run.snapshot.toolsWithMasterInstance.contains(existing.id())) {
            run.problem(definer.path(), "makes the tool '" + name + "' agent-scoped, but it has a master instance"
                    + " (one without an agent); delete that instance first. The tool is left as it was");
        } else {
            Manifest whole = run.whole(definer);
            if (whole != null) {
                updates.add(new Update<>(existing.id(), toolWrite(whole)));
                run.updated("tool", name, whole.path());
            }
        }
    }

    /** The discovered tools no manifest names any more, except those held or already Off. */
    private List<Integer> gone(Set<String> names) {
        List<Integer> off = new ArrayList<>();
        for (ToolRow tool : run.snapshot.tools) {
            if (tool.discovered() && !names.contains(tool.name()) && !run.held.covers(tool.discoveredFrom())
                    && tool.manifestHash() != null) {
                off.add(tool.id());
            }
        }
        return off;
    }

    /**
     * Reports the instances whose configs the config schemas of {@code updates} reject; only the
     * instances of the tools this scan changes are read.
     */
    private void checkInstancesUnderNewSchemas(List<Update<ToolWrite>> updates) throws SQLException {
        List<InstanceConfig> configs = store.configsUnderChangedSchemas(updates);
        if (configs.isEmpty()) {
            return;
        }
        Map<Integer, ToolWrite> changed = new HashMap<>();
        updates.forEach(update -> changed.put(update.id(), update.write()));
        Map<Integer, Map<Integer, JsonNode>> byTool = new TreeMap<>();
        for (InstanceConfig config : configs) {
            byTool.computeIfAbsent(config.toolId(), id -> new HashMap<>()).put(config.instanceId(), RegistryStore.tree(config.config()));
        }
        for (Map.Entry<Integer, Map<Integer, JsonNode>> instances : byTool.entrySet()) {
            int toolId = instances.getKey();
            ToolWrite tool = changed.get(toolId);
            List<InvalidInstance> invalid = upgrade.invalidInstances(RegistryStore.tree(tool.configSchema()), instances.getValue());
            if (!invalid.isEmpty()) {
                invalidInstances.put(toolId, InvalidInstance.toJson(invalid).toString());
                run.problem(tool.discoveredFrom(), "gives the tool '" + tool.name() + "' a config_schema that the config of its"
                        + " instance(s) " + SchemaUpgrade.ids(invalid) + " does not satisfy; the schema is taken and the instances are"
                        + " left as they are: change their configs or the schema");
            }
        }
    }

    private static ToolWrite toolWrite(Manifest manifest) {
        ModuleScope scope = manifest.moduleScope() == null ? ModuleScope.GLOBAL : manifest.moduleScope();
        return new ToolWrite(manifest.name(), manifest.description(), manifest.emoji(), manifest.category(), manifest.version(), scope,
                manifest.configSchemaJson(), manifest.path(), manifest.hash(), manifest.document(),
                manifest.inputSchema());
    }

    private static Map<String, List<Manifest>> group(List<Manifest> manifests) {
        Map<String, List<Manifest>> byName = new LinkedHashMap<>();
        for (Manifest manifest : manifests) {
            byName.computeIfAbsent(manifest.name(), name -> new ArrayList<>()).add(manifest);
        }
        return byName;
    }
}
