package io.animus.registry.discovery.home;

import io.animus.registry.discovery.DiscoveryProblem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a walk of the Animus home found: the manifests to read, the problems met, and the paths to hold. */
public final class HomeWalk {

    final Path home;
    public final List<ManifestFile> manifests = new ArrayList<>();
    public final List<DiscoveryProblem> problems = new ArrayList<>();
    public final HeldPaths held = new HeldPaths();
    /** Each root ({@code agents}, {@code tools}, {@code plugins}) to {@code ok} or what is wrong with it. */
    public final Map<String, String> roots = new LinkedHashMap<>();

    HomeWalk(Path home) {
        this.home = home;
    }

    void problem(String path, String reason) {
        problems.add(new DiscoveryProblem(path, reason));
    }

    /** Whether the home and its three roots could all be listed. */
    public boolean rootsHealthy() {
        return roots.size() == Location.values().length && roots.values().stream().allMatch("ok"::equals);
    }
}
