package io.animus.registry.plugin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The dependencies among the plugins of one tool: each plugin's name to the names it needs. */
public final class DependencyGraph {

    private final Map<String, List<String>> edges;

    public DependencyGraph(Map<String, List<String>> edges) {
        this.edges = Map.copyOf(edges);
    }

    /** A cycle through {@code start}, as the path {@code start → ... → start}, if there is one. */
    public Optional<List<String>> cycleThrough(String start) {
        Deque<String> path = new ArrayDeque<>();
        path.add(start);
        return search(start, start, path, new HashSet<>());
    }

    private Optional<List<String>> search(String start, String node, Deque<String> path, Set<String> seen) {
        for (String next : edges.getOrDefault(node, List.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return Optional.of(cycle);
            }
            if (seen.add(next)) {
                path.addLast(next);
                Optional<List<String>> found = search(start, next, path, seen);
                if (found.isPresent()) {
                    return found;
                }
                path.removeLast();
            }
        }
        return Optional.empty();
    }

    /** The plugins that need {@code name}, directly or through others, in the order they are found. */
    public Set<String> dependentsOf(String name) {
        Set<String> dependents = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>(List.of(name));
        while (!work.isEmpty()) {
            String current = work.removeFirst();
            edges.forEach((plugin, needs) -> {
                if (needs.contains(current) && !plugin.equals(name) && dependents.add(plugin)) {
                    work.addLast(plugin);
                }
            });
        }
        return dependents;
    }

    /** The plugins that need {@code name} directly. */
    public Set<String> directDependentsOf(String name) {
        Set<String> dependents = new LinkedHashSet<>();
        edges.forEach((plugin, needs) -> {
            if (needs.contains(name)) {
                dependents.add(plugin);
            }
        });
        return dependents;
    }
}
