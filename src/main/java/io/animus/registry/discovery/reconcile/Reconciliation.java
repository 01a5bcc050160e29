package io.animus.registry.discovery.reconcile;

import io.animus.registry.discovery.DiscoveryProblem;
import io.animus.registry.discovery.ScanCounts;
import io.animus.registry.discovery.home.HeldPaths;
import io.animus.registry.discovery.home.Manifest;
import io.animus.registry.discovery.home.ManifestReader;

import java.util.List;

/**
 * What the reconcilers of one scan share: the registry as the scan found it, the paths held as they
 * are, the problems reported, the counts, and the completion of summaries into whole manifests.
 */
public final class Reconciliation {

    /** Gives the whole manifest of a summary, read again from its file; refused when the file is no longer what was hashed. */
    @FunctionalInterface
    public interface Completion {
        Manifest complete(Manifest summary) throws ManifestReader.Refused;
    }

    /**
     * One change a scan makes (or, dry, would make) to the registry.
     *
     * @param action {@code create}, {@code change} or {@code switch_off}
     * @param kind {@code tool}, {@code tool_instance} or {@code plugin}
     * @param name the tool's or plugin's name (an instance's is its tool's)
     * @param path the file it comes from, or for a switch Off the file it came from
     */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Change(String action, String kind, String name, String path) {
        public static final String CREATE = "create";
        public static final String CHANGE = "change";
        public static final String SWITCH_OFF = "switch_off";
    }

    final RegistrySnapshot snapshot;
    /** The changes, listed only by a dry run; NULL otherwise. */
    private final List<Change> changes;
    final HeldPaths held;
    private final List<DiscoveryProblem> problems;
    private final Completion completion;

    private int created;
    private int updated;
    private int unchanged;
    private int switchedOff;

    Reconciliation(RegistrySnapshot snapshot, HeldPaths held, List<DiscoveryProblem> problems, Completion completion, boolean listChanges) {
        this.changes = listChanges ? new java.util.ArrayList<>() : null;
        this.snapshot = snapshot;
        this.held = held;
        this.problems = problems;
        this.completion = completion;
    }

    /** The whole manifest, to be written; NULL (reported, its path held) when it cannot be read again as it was hashed. */
    Manifest whole(Manifest manifest) {
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

    void problem(String path, String reason) {
        problems.add(new DiscoveryProblem(path, reason));
    }

    /** The paths of {@code claims} other than {@code self}'s, for a problem that names them. */
    static String others(List<Manifest> claims, Manifest self) {
        List<String> paths = claims.stream().filter(claim -> claim != self).map(Manifest::path).toList();
        return String.join(", ", paths);
    }

    void created(String kind, String name, String path) {
        created++;
        list(Change.CREATE, kind, name, path);
    }

    void updated(String kind, String name, String path) {
        updated++;
        list(Change.CHANGE, kind, name, path);
    }

    void switchedOff(String kind, String name, String path) {
        switchedOff++;
        list(Change.SWITCH_OFF, kind, name, path);
    }

    private void list(String action, String kind, String name, String path) {
        if (changes != null) {
            changes.add(new Change(action, kind, name, path));
        }
    }

    /** The changes listed, in the order they were decided; empty unless this is a dry run. */
    List<Change> changes() {
        return changes == null ? List.of() : List.copyOf(changes);
    }

    void unchanged() {
        unchanged++;
    }

    /** The counts so far; the manifests seen are the scan's to add. */
    ScanCounts counts() {
        return new ScanCounts(0, created, updated, unchanged, switchedOff);
    }
}
