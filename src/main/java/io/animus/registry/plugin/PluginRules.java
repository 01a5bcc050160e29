package io.animus.registry.plugin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.animus.registry.tool.Tool;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;

/**
 * The seed's plugin rules for one tool: a plugin depends only on plugins of its own tool that exist,
 * without a cycle; an enabled plugin's dependencies are enabled; a plugin others need is neither
 * disabled, renamed nor deleted from under them. Used by the API and by module discovery alike.
 */
public final class PluginRules {

    private PluginRules() {
    }

    /**
     * Checks {@code changed} (new or updated, not yet stored) against the other plugins of its tool.
     *
     * @param siblings the tool's stored plugins, {@code changed}'s stored self included when it exists
     * @param previousName the stored name of {@code changed}, or NULL for a new plugin
     */
    public static void checkChange(Plugin changed, String previousName, List<Plugin> siblings) {
        Tool tool = changed.tool;
        Map<String, Plugin> byName = new HashMap<>();
        for (Plugin sibling : siblings) {
            if (changed.id == null || !Objects.equals(sibling.id, changed.id)) {
                byName.put(sibling.name, sibling);
            }
        }
        List<String> dependencies = changed.dependencies == null ? List.of() : changed.dependencies;
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String dependency : new LinkedHashSet<>(dependencies)) {
            if (dependency.equals(changed.name)) {
                errors.add(new Problem.FieldError("dependencies", "plugin '" + changed.name + "' cannot depend on itself"));
            } else if (!byName.containsKey(dependency)) {
                errors.add(new Problem.FieldError("dependencies", missing(changed, dependency, tool)));
            } else if (changed.enabled && !byName.get(dependency).enabled) {
                errors.add(new Problem.FieldError("is_enabled", "plugin '" + changed.name
                        + "' cannot be enabled: its dependency '" + dependency + "' is disabled"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.get(0).message(), errors);
        }
        Map<String, List<String>> edges = graphWith(changed, byName.values());
        new DependencyGraph(edges).cycleThrough(changed.name).ifPresent(cycle -> {
            throw ProblemException.invalid("dependencies", "would close a dependency cycle: " + String.join(" → ", cycle));
        });
        if (previousName != null) {
            checkDependentsKept(changed, previousName, byName.values());
        }
    }

    /**
     * The plugins to delete with {@code plugin}: none when nothing depends on it; all its dependents
     * when {@code cascade} is asked; otherwise a 409 naming them.
     */
    public static Set<String> checkDelete(Plugin plugin, List<Plugin> siblings, boolean cascade) {
        Set<String> dependents = graphOf(siblings).dependentsOf(plugin.name);
        if (!dependents.isEmpty() && !cascade) {
            throw ProblemException.conflict("Plugin '" + plugin.name + "' is needed by " + quoted(dependents)
                    + "; delete them first or repeat the request with cascade=true");
        }
        return dependents;
    }

    private static void checkDependentsKept(Plugin changed, String previousName, Iterable<Plugin> others) {
        List<String> needing = new ArrayList<>();
        List<String> enabledNeeding = new ArrayList<>();
        for (Plugin other : others) {
            if (other.dependencies != null && other.dependencies.contains(previousName)) {
                needing.add(other.name);
                if (other.enabled) {
                    enabledNeeding.add(other.name);
                }
            }
        }
        if (!changed.name.equals(previousName) && !needing.isEmpty()) {
            throw ProblemException.conflict("Plugin '" + previousName + "' cannot be renamed: " + quoted(needing)
                    + " depend on it by name");
        }
        if (!changed.enabled && !enabledNeeding.isEmpty()) {
            throw ProblemException.conflict("Plugin '" + previousName + "' cannot be disabled: the enabled plugins "
                    + quoted(enabledNeeding) + " depend on it");
        }
    }

    private static String missing(Plugin changed, String dependency, Tool tool) {
        Optional<Plugin> elsewhere = Plugin.find("name = ?1 and tool != ?2", dependency, tool).firstResultOptional();
        return elsewhere
                .map(other -> "plugin '" + changed.name + "' depends on '" + dependency + "', a plugin of tool '"
                        + other.tool.name + "': plugins may depend only on plugins of their own tool '" + tool.name + "'")
                .orElse("plugin '" + changed.name + "' depends on '" + dependency + "', which is not a plugin of tool '"
                        + tool.name + "'");
    }

    private static Map<String, List<String>> graphWith(Plugin changed, Iterable<Plugin> others) {
        Map<String, List<String>> edges = new HashMap<>();
        for (Plugin other : others) {
            edges.put(other.name, other.dependencies == null ? List.of() : other.dependencies);
        }
        edges.put(changed.name, changed.dependencies == null ? List.of() : changed.dependencies);
        return edges;
    }

    static DependencyGraph graphOf(List<Plugin> plugins) {
        Map<String, List<String>> edges = new HashMap<>();
        for (Plugin plugin : plugins) {
            edges.put(plugin.name, plugin.dependencies == null ? List.of() : plugin.dependencies);
        }
        return new DependencyGraph(edges);
    }

    private static String quoted(Iterable<String> names) {
        List<String> quoted = new ArrayList<>();
        names.forEach(name -> quoted.add("'" + name + "'"));
        return String.join(", ", quoted);
    }
}
