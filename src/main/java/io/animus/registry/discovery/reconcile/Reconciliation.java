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

    final RegistrySnapshot snapshot;
    final HeldPaths held;
    private final List<DiscoveryProblem> problems;
    private final Completion completion;

    private int created;
    private int updated;
    private int unchanged;
    private int switchedOff;

    Reconciliation(RegistrySnapshot snapshot, HeldPaths held, List<DiscoveryProblem> problems, Completion completion) {
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

    void created() {
        created++;
    }

    void updated() {
        updated++;
    }

    void unchanged() {
        unchanged++;
    }

    void switchedOff(int rows) {
        switchedOff += rows;
    }

    /** The counts so far; the manifests seen are the scan's to add. */
    ScanCounts counts() {
        return new ScanCounts(0, created, updated, unchanged, switchedOff);
    }
}
