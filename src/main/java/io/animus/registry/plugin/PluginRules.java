package io.animus.registry.plugin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;

/**
 * The seed's plugin rules for one tool: a plugin depends only on plugins of its own tool that exist,
 * without a cycle; an enabled plugin's dependencies are enabled; a plugin others need is neither
 * disabled, renamed nor deleted from under them. Used by the API and by module discovery alike, on
 * {@linkplain PluginNode plain values}: discovery asks about plugins it has not stored.
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
    public static void checkChange(PluginNode changed, String previousName, ToolPlugins siblings) {
        Map<String, PluginNode> byName = new HashMap<>();
        for (PluginNode sibling : siblings.plugins()) {
            if (changed.id() == null || !Objects.equals(sibling.id(), changed.id())) {
                byName.put(sibling.name(), sibling);
            }
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String dependency : new LinkedHashSet<>(changed.dependencies())) {
            if (dependency.equals(changed.name())) {
                errors.add(new Problem.FieldError("dependencies", "plugin '" + changed.name() + "' cannot depend on itself"));
            } else if (!byName.containsKey(dependency)) {
                errors.add(new Problem.FieldError("dependencies", missing(changed, dependency, siblings)));
            } else if (changed.enabled() && !byName.get(dependency).enabled()) {
                errors.add(new Problem.FieldError("is_enabled", "plugin '" + changed.name()
                        + "' cannot be enabled: its dependency '" + dependency + "' is disabled"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.get(0).message(), errors);
        }
        Map<String, List<String>> edges = graphWith(changed, byName.values());
        new DependencyGraph(edges).cycleThrough(changed.name()).ifPresent(cycle -> {
            throw ProblemException.invalid("dependencies", "would close a dependency cycle: " + String.join(" → ", cycle));
        });
        if (previousName != null) {
            checkDependentsKept(changed, previousName, byName.values());
        }
    }

    /**
     * The plugins to delete with the plugin {@code name}: none when nothing depends on it; all its dependents
     * when {@code cascade} is asked; otherwise a 409 naming them.
     */
    public static Set<String> checkDelete(String name, List<PluginNode> siblings, boolean cascade) {
        Set<String> dependents = graphOf(siblings).dependentsOf(name);
        if (!dependents.isEmpty() && !cascade) {
            throw ProblemException.conflict("Plugin '" + name + "' is needed by " + quoted(dependents)
                    + "; delete them first or repeat the request with cascade=true");
        }
        return dependents;
    }

    private static void checkDependentsKept(PluginNode changed, String previousName, Iterable<PluginNode> others) {
        List<String> needing = new ArrayList<>();
        List<String> enabledNeeding = new ArrayList<>();
        for (PluginNode other : others) {
            if (other.dependencies().contains(previousName)) {
                needing.add(other.name());
                if (other.enabled()) {
                    enabledNeeding.add(other.name());
                }
            }
        }
        if (!changed.name().equals(previousName) && !needing.isEmpty()) {
            throw ProblemException.conflict("Plugin '" + previousName + "' cannot be renamed: " + quoted(needing)
                    + " depend on it by name");
        }
        if (!changed.enabled() && !enabledNeeding.isEmpty()) {
            throw ProblemException.conflict("Plugin '" + previousName + "' cannot be disabled: the enabled plugins "
                    + quoted(enabledNeeding) + " depend on it");
        }
    }

    /** Why {@code dependency} is missing: it is another tool's plugin, or no plugin at all. */
    private static String missing(PluginNode changed, String dependency, ToolPlugins siblings) {
        Optional<Plugin> elsewhere = Plugin.find("name = ?1 and tool.id != ?2", dependency, siblings.toolId()).firstResultOptional();
        return elsewhere
                .map(other -> "plugin '" + changed.name() + "' depends on '" + dependency + "', a plugin of tool '"
                        + other.tool.name + "': plugins may depend only on plugins of their own tool '" + siblings.toolName() + "'")
                .orElse("plugin '" + changed.name() + "' depends on '" + dependency + "', which is not a plugin of tool '"
                        + siblings.toolName() + "'");
    }

    private static Map<String, List<String>> graphWith(PluginNode changed, Iterable<PluginNode> others) {
        Map<String, List<String>> edges = new HashMap<>();
        for (PluginNode other : others) {
            edges.put(other.name(), other.dependencies());
        }
        edges.put(changed.name(), changed.dependencies());
        return edges;
    }

    private static DependencyGraph graphOf(List<PluginNode> plugins) {
        Map<String, List<String>> edges = new HashMap<>();
        for (PluginNode plugin : plugins) {
            edges.put(plugin.name(), plugin.dependencies());
        }
        return new DependencyGraph(edges);
    }

    private static String quoted(Iterable<String> names) {
        List<String> quoted = new ArrayList<>();
        names.forEach(name -> quoted.add("'" + name + "'"));
        return String.join(", ", quoted);
    }
}
