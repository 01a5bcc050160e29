package io.animus.registry.discovery;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
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

import io.animus.registry.discovery.BulkStatements.Update;
import io.animus.registry.discovery.PluginBulkWrites.PluginWrite;
import io.animus.registry.discovery.RegistrySnapshot.InstanceKey;
import io.animus.registry.discovery.RegistrySnapshot.InstanceRow;
import io.animus.registry.discovery.RegistrySnapshot.PluginKey;
import io.animus.registry.discovery.RegistrySnapshot.PluginRow;
import io.animus.registry.discovery.RegistrySnapshot.ToolRow;
import io.animus.registry.discovery.RegistryStore.InstanceConfig;
import io.animus.registry.discovery.ToolBulkWrites.ToolWrite;
import io.animus.registry.discovery.ToolInstanceBulkWrites.InstanceWrite;
import io.animus.registry.discovery.VersionBulkWrites.VersionConflict;
import io.animus.registry.plugin.PluginNode;
import io.animus.registry.plugin.PluginRules;
import io.animus.registry.plugin.ToolPlugins;
import io.animus.registry.tool.ModuleScope;
import io.animus.registry.version.InvalidInstance;
import io.animus.registry.version.SchemaUpgrade;
import io.animus.registry.web.ProblemException;

/**
 * The rules that turn the manifests of one scan into registry writes.
 * <ul>
 * <li>A tool is keyed by name. Its definition comes from its {@code tools/} manifest, or, when it has
 * none, from the first (by path) agent module of that name. Each agent module is its agent's
 * instance of the tool of its name; a plugin is keyed by its tool and name.</li>
 * <li>A new key is created; a key whose manifest changed (hash or path) is updated; an unchanged one
 * is not written at all.</li>
 * <li>A discovered row whose manifest has gone is switched Off (tools and instances: status Off;
 * plugins: status Inactive), never deleted, and comes back Ready (Active) with its manifest;
 * its hash is NULL while it is Off. A row whose path is held (unreadable root, refused link,
 * broken manifest) is left exactly as it is.</li>
 * <li>Rows made through the API are never written: a manifest that claims one is a conflict.</li>
 * <li>Two manifests that claim the same key are both reported and neither is used.</li>
 * <li>Discovered plugins obey {@link PluginRules}; a plugin that breaks them is reported, not written.</li>
 * <li>Each definition of a tool or plugin that is new (by version string and manifest hash) is recorded
 * as a version found by this run; a version string that comes back with another body is recorded too,
 * and reported. A tool's new config schema is taken even when it rejects an instance's config: those
 * instances are reported and left as they are.</li>
 * </ul>
 * Manifests may come as {@linkplain Manifest#summary() summaries} (a rescan's unchanged ones): a summary
 * that must be written after all is completed from its file first.
 */
final class Reconciler {

    private final RegistryStore store;
    private final ToolBulkWrites toolWrites;
    private final ToolInstanceBulkWrites instanceWrites;
    private final PluginBulkWrites pluginWrites;
    private final VersionBulkWrites versionWrites;
    private final RegistrySnapshot snapshot;
    private final HeldPaths held;
    private final List<DiscoveryProblem> problems;
    private final Completion completion;

    private int created;
    private int updated;
    private int unchanged;
    private int switchedOff;

    /** Tools that agent modules and plugins may attach to, by name: discovered ones and, for plugins, hand-made ones. */
    private final Map<String, Integer> toolIds = new HashMap<>();
    /**
     * Tool names whose modules are already reported: claims refused as conflicts with hand-made tools, and
     * tools whose manifest could not be completed.
     */
    private final Set<String> conflicting = new HashSet<>();

    /** An agent module matched to its agent. */
    private record Module(Manifest manifest, int agentId) {
    }

    /** Gives the whole manifest of a summary, read again from its file; refused when the file is no longer what was hashed. */
    @FunctionalInterface
    interface Completion {
        Manifest complete(Manifest summary) throws ManifestReader.Refused;
    }

    private final SchemaUpgrade upgrade;
    /** The id this scan's run will be recorded under, which its versions name. */
    private final long runId;
    /** By tool id, the instances a tool's new config schema rejects, as JSON for the version row. */
    private final Map<Integer, String> invalidInstances = new HashMap<>();
    private boolean toolsWritten;
    private boolean pluginsWritten;

    Reconciler(RegistryStore store, Connection connection, RegistrySnapshot snapshot, HeldPaths held, List<DiscoveryProblem> problems,
            SchemaUpgrade upgrade, long runId, Completion completion) {
        this.store = store;
        this.toolWrites = new ToolBulkWrites(connection);
        this.instanceWrites = new ToolInstanceBulkWrites(connection);
        this.pluginWrites = new PluginBulkWrites(connection);
        this.versionWrites = new VersionBulkWrites(connection);
        this.snapshot = snapshot;
        this.held = held;
        this.problems = problems;
        this.upgrade = upgrade;
        this.runId = runId;
        this.completion = completion;
    }

    /** The whole manifest, to be written; NULL (reported, its path held) when it cannot be read again as it was hashed. */
    private Manifest whole(Manifest manifest) {
        if (manifest.complete()) {
            return manifest;
        }
        try {
            return completion.complete(manifest);
        } catch (ManifestReader.Refused e) {
            problem(manifest.path(), e.getMessage());
            held.hold(manifest.path());
            return null;
        }
    }

    ScanCounts reconcile(List<Manifest> manifests) throws SQLException {
        List<Manifest> sorted = new ArrayList<>(manifests);
        sorted.sort(Comparator.comparing(Manifest::path));
        List<Manifest> tools = new ArrayList<>();
        List<Manifest> agentModules = new ArrayList<>();
        List<Manifest> plugins = new ArrayList<>();
        for (Manifest manifest : sorted) {
            switch (manifest.location()) {
                case TOOL -> tools.add(manifest);
                case AGENT_MODULE -> agentModules.add(manifest);
                case PLUGIN -> plugins.add(manifest);
            }
        }
        List<Module> modules = matchAgents(agentModules);
        Set<String> contestedInstances = new HashSet<>();
        modules = withoutDuplicateModules(modules, contestedInstances);
        reconcileTools(tools, modules);
        reconcileInstances(modules, contestedInstances);
        reconcilePlugins(plugins);
        recordVersions();
        return new ScanCounts(0, created, updated, unchanged, switchedOff);
    }

    private List<Module> matchAgents(List<Manifest> agentModules) {
        AgentFolders folders = new AgentFolders(snapshot.agents);
        List<Module> modules = new ArrayList<>();
        for (Manifest manifest : agentModules) {
            AgentFolders.Match match = folders.match(manifest.agentFolder());
            if (match.agentId() == null) {
                problem(manifest.path(), match.problem());
                held.hold("agents/" + manifest.agentFolder() + "/");
            } else {
                modules.add(new Module(manifest, match.agentId()));
            }
        }
        return modules;
    }

    /** Two modules of one agent with the same name: both reported, neither used; the agent's instance is kept as it is. */
    private List<Module> withoutDuplicateModules(List<Module> modules, Set<String> contested) {
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
                problem(claim.manifest().path(), "claims the module name '" + claim.manifest().name() + "' that "
                        + others(claims.stream().map(Module::manifest).toList(), claim.manifest()) + " of the same agent also claim"
                        + "; neither is used until one is renamed or removed");
            }
        });
        return kept;
    }

    private void reconcileTools(List<Manifest> definitions, List<Module> modules) throws SQLException {
        Map<String, List<Manifest>> defined = group(definitions);
        Map<String, List<Manifest>> fromModules = group(modules.stream().map(Module::manifest).toList());
        Set<String> names = new TreeSet<>(defined.keySet());
        names.addAll(fromModules.keySet());

        List<ToolWrite> inserts = new ArrayList<>();
        List<Update<ToolWrite>> updates = new ArrayList<>();
        for (String name : names) {
            ToolRow existing = snapshot.toolsByName.get(name);
            List<Manifest> definers = defined.getOrDefault(name, List.of());
            List<Manifest> claims = new ArrayList<>(definers);
            claims.addAll(fromModules.getOrDefault(name, List.of()));
            if (existing != null && !existing.discovered()) {
                conflicting.add(name);
                for (Manifest claim : claims) {
                    problem(claim.path(), "names the tool '" + name + "', which was created through the API (tool "
                            + existing.id() + "); discovery leaves it alone. Rename the module or delete that tool");
                }
                continue;
            }
            if (existing != null) {
                toolIds.put(name, existing.id());
            }
            if (definers.size() > 1) {
                for (Manifest definer : definers) {
                    problem(definer.path(), "claims the tool name '" + name + "' that " + others(definers, definer)
                            + " also claim; neither is used until one is renamed or removed");
                }
                continue;
            }
            Manifest definer = definers.isEmpty() ? fromModules.get(name).get(0) : definers.get(0);
            if (existing == null) {
                Manifest whole = whole(definer);
                if (whole == null) {
                    conflicting.add(name);
                    continue;
                }
                inserts.add(toolWrite(whole));
                created++;
            } else if (held.covers(existing.discoveredFrom())) {
                continue;
            } else if (Objects.equals(existing.manifestHash(), definer.hash())
                    && existing.discoveredFrom().equals(definer.path())) {
                unchanged++;
            } else if (definer.moduleScope() == ModuleScope.AGENT && existing.moduleScope() == ModuleScope.GLOBAL
                    && snapshot.toolsWithMasterInstance.contains(existing.id())) {
                problem(definer.path(), "makes the tool '" + name + "' agent-scoped, but it has a master instance"
                        + " (one without an agent); delete that instance first. The tool is left as it was");
            } else {
                Manifest whole = whole(definer);
                if (whole == null) {
                    continue;
                }
                updates.add(new Update<>(existing.id(), toolWrite(whole)));
                updated++;
            }
        }
        List<Integer> off = new ArrayList<>();
        for (ToolRow tool : snapshot.tools) {
            if (tool.discovered() && !names.contains(tool.name()) && !held.covers(tool.discoveredFrom())
                    && tool.manifestHash() != null) {
                off.add(tool.id());
            }
        }
        switchedOff += off.size();
        toolsWritten = !inserts.isEmpty() || !updates.isEmpty();
        toolIds.putAll(toolWrites.insert(inserts));
        checkInstancesUnderNewSchemas(updates);
        toolWrites.update(updates);
        toolWrites.switchOff(off);
    }

    private void reconcileInstances(List<Module> modules, Set<String> contested) throws SQLException {
        Set<InstanceKey> claimed = new HashSet<>();
        List<InstanceWrite> inserts = new ArrayList<>();
        List<Update<InstanceWrite>> updates = new ArrayList<>();
        for (Module module : modules) {
            Manifest manifest = module.manifest();
            Integer toolId = toolIds.get(manifest.name());
            if (toolId == null) {
                if (!conflicting.contains(manifest.name())) {
                    problem(manifest.path(), "is an instance of the tool '" + manifest.name()
                            + "', which cannot be defined while several manifests under tools/ claim its name");
                }
                continue;
            }
            InstanceKey key = new InstanceKey(toolId, module.agentId());
            claimed.add(key);
            InstanceRow existing = snapshot.discoveredInstances.get(key);
            if (existing == null) {
                if (snapshot.handMadeInstances.contains(key)) {
                    problem(manifest.path(), "would be agent " + module.agentId() + "'s instance of the tool '" + manifest.name()
                            + "', but that agent already has one created through the API; discovery leaves it alone");
                    continue;
                }
                InstanceWrite write = instanceWrite(toolId, module.agentId(), manifest);
                if (write != null) {
                    inserts.add(write);
                    created++;
                }
            } else if (held.covers(existing.discoveredFrom())) {
                continue;
            } else if (Objects.equals(existing.manifestHash(), manifest.hash()) && existing.discoveredFrom().equals(manifest.path())) {
                unchanged++;
            } else {
                InstanceWrite write = instanceWrite(toolId, module.agentId(), manifest);
                if (write != null) {
                    updates.add(new Update<>(existing.id(), write));
                    updated++;
                }
            }
        }
        List<Integer> off = new ArrayList<>();
        for (InstanceRow instance : snapshot.discoveredInstances.values()) {
            InstanceKey key = new InstanceKey(instance.toolId(), instance.agentId());
            ToolRow tool = snapshot.toolsById.get(instance.toolId());
            boolean contestedKey = tool != null && contested.contains(instance.agentId() + "/" + tool.name());
            if (!claimed.contains(key) && !contestedKey && !held.covers(instance.discoveredFrom())
                    && instance.manifestHash() != null) {
                off.add(instance.id());
            }
        }
        switchedOff += off.size();
        instanceWrites.insert(inserts);
        instanceWrites.update(updates);
        instanceWrites.switchOff(off);
    }

    /** A plugin whose manifest is new or changed, waiting for the plugin rules. */
    private record Candidate(Manifest manifest, int toolId, PluginRow existing) {
    }

    private void reconcilePlugins(List<Manifest> manifests) throws SQLException {
        Map<String, List<Manifest>> byKey = new TreeMap<>();
        for (Manifest manifest : manifests) {
            byKey.computeIfAbsent(manifest.tool() + "\u0000" + manifest.name(), key -> new ArrayList<>()).add(manifest);
        }
        Set<PluginKey> claimed = new HashSet<>();
        Map<Integer, List<Candidate>> candidates = new TreeMap<>();
        for (List<Manifest> claims : byKey.values()) {
            Manifest first = claims.get(0);
            Integer toolId = pluginParent(first.tool());
            if (toolId == null) {
                for (Manifest claim : claims) {
                    problem(claim.path(), "names the tool '" + claim.tool() + "' in \"tool\", which is not in the registry");
                    held.hold(claim.path());
                }
                continue;
            }
            PluginKey key = new PluginKey(toolId, first.name());
            claimed.add(key);
            if (claims.size() > 1) {
                for (Manifest claim : claims) {
                    problem(claim.path(), "claims the plugin name '" + claim.name() + "' of tool '" + claim.tool() + "' that "
                            + others(claims, claim) + " also claim; neither is used until one is renamed or removed");
                }
                continue;
            }
            PluginRow existing = snapshot.pluginsByKey.get(key);
            if (existing != null && !existing.discovered()) {
                problem(first.path(), "names the plugin '" + first.name() + "' of tool '" + first.tool()
                        + "', which was created through the API (plugin " + existing.id() + "); discovery leaves it alone");
            } else if (existing != null && held.covers(existing.discoveredFrom())) {
                continue;
            } else if (existing != null && Objects.equals(existing.manifestHash(), first.hash())
                    && existing.discoveredFrom().equals(first.path())) {
                unchanged++;
            } else {
                Manifest whole = whole(first);
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
                    created++;
                } else {
                    updates.add(new Update<>(candidate.existing().id(), write));
                    updated++;
                }
            }
        }
        List<Integer> off = new ArrayList<>();
        for (PluginRow plugin : snapshot.plugins) {
            if (plugin.discovered() && !claimed.contains(new PluginKey(plugin.toolId(), plugin.name()))
                    && !held.covers(plugin.discoveredFrom()) && plugin.manifestHash() != null) {
                off.add(plugin.id());
            }
        }
        switchedOff += off.size();
        pluginsWritten = !inserts.isEmpty() || !updates.isEmpty();
        pluginWrites.insert(inserts);
        pluginWrites.update(updates);
        pluginWrites.switchOff(off);
    }

    /** The tool a plugin names: any tool of the registry, discovered or made through the API. */
    private Integer pluginParent(String toolName) {
        Integer id = toolIds.get(toolName);
        if (id != null) {
            return id;
        }
        ToolRow tool = snapshot.toolsByName.get(toolName);
        return tool == null ? null : tool.id();
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
            for (PluginRow row : snapshot.pluginsByTool.getOrDefault(toolId, List.of())) {
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
                    problem(candidate.manifest().path(), "breaks the plugin rules: " + e.getMessage()
                            + (candidate.existing() == null ? "; the plugin is not created" : "; the plugin is left as it was"));
                }
            });
            if (refused.isEmpty()) {
                return pending;
            }
            pending.removeAll(refused);
        }
    }

    /** The instance's values from its whole manifest; NULL when it cannot be completed (reported). */
    private InstanceWrite instanceWrite(int toolId, int agentId, Manifest manifest) {
        Manifest whole = whole(manifest);
        return whole == null ? null
                : new InstanceWrite(toolId, agentId, whole.name(), whole.path(), whole.hash(), whole.document());
    }

    private static ToolWrite toolWrite(Manifest manifest) {
        ModuleScope scope = manifest.moduleScope() == null ? ModuleScope.GLOBAL : manifest.moduleScope();
        return new ToolWrite(manifest.name(), manifest.description(), manifest.emoji(), manifest.category(), manifest.version(), scope,
                manifest.configSchemaJson(), manifest.path(), manifest.hash(), manifest.document());
    }

    private static Map<String, List<Manifest>> group(List<Manifest> manifests) {
        Map<String, List<Manifest>> byName = new LinkedHashMap<>();
        for (Manifest manifest : manifests) {
            byName.computeIfAbsent(manifest.name(), name -> new ArrayList<>()).add(manifest);
        }
        return byName;
    }

    private static String others(List<Manifest> claims, Manifest self) {
        List<String> paths = claims.stream().filter(claim -> claim != self).map(Manifest::path).toList();
        return String.join(", ", paths);
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
        Map<Integer, ToolWrite> writes = new HashMap<>();
        updates.forEach(update -> writes.put(update.id(), update.write()));
        Map<Integer, Map<Integer, JsonNode>> byTool = new TreeMap<>();
        for (InstanceConfig config : configs) {
            byTool.computeIfAbsent(config.toolId(), id -> new HashMap<>()).put(config.instanceId(), RegistryStore.tree(config.config()));
        }
        for (Map.Entry<Integer, Map<Integer, JsonNode>> instances : byTool.entrySet()) {
            int toolId = instances.getKey();
            ToolWrite tool = writes.get(toolId);
            List<InvalidInstance> invalid = upgrade.invalidInstances(RegistryStore.tree(tool.configSchema()), instances.getValue());
            if (!invalid.isEmpty()) {
                invalidInstances.put(toolId, SchemaUpgrade.toJson(invalid).toString());
                problem(tool.discoveredFrom(), "gives the tool '" + tool.name() + "' a config_schema that the config of its"
                        + " instance(s) " + SchemaUpgrade.ids(invalid) + " does not satisfy; the schema is taken and the instances are"
                        + " left as they are: change their configs or the schema");
            }
        }
    }

    /** Records the definitions this scan wrote that are not recorded yet, and reports version strings that came back with another body. */
    private void recordVersions() throws SQLException {
        List<VersionConflict> conflicts = new ArrayList<>();
        if (toolsWritten) {
            conflicts.addAll(versionWrites.insertToolVersions(runId, invalidInstances));
        }
        if (pluginsWritten) {
            conflicts.addAll(versionWrites.insertPluginVersions(runId));
        }
        for (VersionConflict conflict : conflicts) {
            problem(conflict.path(), "declares version '" + conflict.version() + "' of the " + conflict.kind() + " '" + conflict.name()
                    + "', which was recorded before with another body (version row " + conflict.conflictsWith()
                    + "); both are kept (this one as version row " + conflict.id() + "): give a changed manifest a new version");
        }
    }

    private void problem(String path, String reason) {
        problems.add(new DiscoveryProblem(path, reason));
    }
}
