package io.animus.registry.discovery.reconcile;

import io.animus.registry.discovery.DiscoveryProblem;
import io.animus.registry.discovery.ScanCounts;
import io.animus.registry.discovery.home.HeldPaths;
import io.animus.registry.discovery.home.Location;
import io.animus.registry.discovery.home.Manifest;
import io.animus.registry.discovery.smcp.SmcpManifests;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.animus.registry.discovery.reconcile.VersionBulkWrites.VersionConflict;
import io.animus.registry.plugin.PluginRules;
import io.animus.registry.tool.SchemaUpgrade;

/**
 * The rules that turn the manifests of one scan into registry writes, kind by kind: the tools
 * ({@link ToolReconciler}), the agents' instances of them ({@link InstanceReconciler}), the plugins
 * ({@link PluginReconciler}), then the versions found.
 * <ul>
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
 * and reported.</li>
 * </ul>
 * Manifests may come as {@linkplain Manifest#summary() summaries} (a rescan's unchanged ones): a summary
 * that must be written after all is completed from its file first.
 */
public final class Reconciler {

    private final Reconciliation run;
    private final RegistryStore store;
    private final Connection connection;
    private final SchemaUpgrade upgrade;
    /** The id this scan's run will be recorded under, which its versions name. */
    private final long runId;
    private final boolean dry;

    public Reconciler(RegistryStore store, Connection connection, RegistrySnapshot snapshot, HeldPaths held, List<DiscoveryProblem> problems,
            SchemaUpgrade upgrade, long runId, Reconciliation.Completion completion) {
        this(store, connection, snapshot, held, problems, upgrade, runId, completion, false);
    }

    /**
     * @param dry a dry run: nothing is written, and the changes a scan would make are listed
     *        ({@link #changes()}); {@code runId} is then unused
     */
    public Reconciler(RegistryStore store, Connection connection, RegistrySnapshot snapshot, HeldPaths held, List<DiscoveryProblem> problems,
            SchemaUpgrade upgrade, long runId, Reconciliation.Completion completion, boolean dry) {
        this.dry = dry;
        this.run = new Reconciliation(snapshot, held, problems, completion, dry);
        this.store = store;
        this.connection = connection;
        this.upgrade = upgrade;
        this.runId = runId;
    }

    /** Tools first (instances and plugins attach to them), then instances, then plugins, then the versions these writes made current. */
    public ScanCounts reconcile(List<Manifest> manifests) throws SQLException {
        List<Manifest> sorted = withoutTakenSmcpNames(manifests);
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
        InstanceReconciler instances = new InstanceReconciler(run, new ToolInstanceBulkWrites(connection, dry));
        List<InstanceReconciler.Module> modules = instances.modules(agentModules);
        ToolReconciler.Reconciled reconciledTools = new ToolReconciler(run, store, new ToolBulkWrites(connection, dry), upgrade)
                .reconcile(tools, modules.stream().map(InstanceReconciler.Module::manifest).toList());
        instances.reconcile(modules, reconciledTools);
        boolean pluginsWritten = new PluginReconciler(run, new PluginBulkWrites(connection, dry)).reconcile(plugins, reconciledTools.ids());
        if (!dry) {
            recordVersions(reconciledTools, pluginsWritten);
        }
        return run.counts();
    }

    /** What a dry run would change, in the order it was decided. */
    public List<Reconciliation.Change> changes() {
        return run.changes();
    }

    /**
     * The manifests without the SMCP entries whose tool names a manifest file takes: a command's tool
     * {@code <plugin>__<command>} that a manifest under {@code tools/} or an agent's module names is
     * reported and left out (the manifest's tool is not overwritten), and the {@code smcp} tool is left to
     * a manifest or a tool made through the API that has its name.
     */
    private List<Manifest> withoutTakenSmcpNames(List<Manifest> manifests) {
        Map<String, List<String>> takenBy = new HashMap<>();
        for (Manifest manifest : manifests) {
            if (!manifest.fromSmcp() && manifest.location() != Location.PLUGIN) {
                takenBy.computeIfAbsent(manifest.name(), name -> new ArrayList<>()).add(manifest.path());
            }
        }
        RegistrySnapshot.ToolRow smcp = run.snapshot.toolsByName.get(SmcpManifests.TOOL);
        List<Manifest> kept = new ArrayList<>();
        for (Manifest manifest : manifests) {
            if (manifest.fromSmcp() && manifest.location() == Location.TOOL && takenBy.containsKey(manifest.name())) {
                if (!manifest.name().equals(SmcpManifests.TOOL)) {
                    run.problem(manifest.path(), "has a command whose tool name '" + manifest.name() + "' the manifest "
                            + String.join(", ", takenBy.get(manifest.name())) + " takes; the command is not registered");
                }
                continue;
            }
            if (manifest.fromSmcp() && manifest.name().equals(SmcpManifests.TOOL) && manifest.location() == Location.TOOL
                    && smcp != null && !smcp.discovered()) {
                continue;
            }
            kept.add(manifest);
        }
        return kept;
    }

    /** Records the definitions this scan wrote that are not recorded yet, and reports version strings that came back with another body. */
    private void recordVersions(ToolReconciler.Reconciled tools, boolean pluginsWritten) throws SQLException {
        VersionBulkWrites versions = new VersionBulkWrites(connection, dry);
        List<VersionConflict> conflicts = new ArrayList<>();
        if (tools.written()) {
            conflicts.addAll(versions.insertToolVersions(runId, tools.invalidInstances()));
        }
        if (pluginsWritten) {
            conflicts.addAll(versions.insertPluginVersions(runId));
        }
        for (VersionConflict conflict : conflicts) {
            run.problem(conflict.path(), "declares version '" + conflict.version() + "' of the " + conflict.kind() + " '" + conflict.name()
                    + "', which was recorded before with another body (version row " + conflict.conflictsWith()
                    + "); both are kept (this one as version row " + conflict.id() + "): give a changed manifest a new version");
        }
    }
}
