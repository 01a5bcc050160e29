package io.animus.registry.plugin;

import java.util.List;

/**
 * A plugin as {@link PluginRules} weigh it: its name, the names it needs and its switch, apart from any
 * entity, so that the API and discovery alike can ask about plugins that are not stored (yet).
 *
 * @param id the stored row's id, or NULL for a plugin that is not stored yet
 * @param dependencies the names of the plugins of the same tool that this one needs; never NULL
 */
public record PluginNode(Integer id, String name, List<String> dependencies, boolean enabled) {

    public PluginNode {
        dependencies = dependencies == null ? List.of() : dependencies;
    }

    /** The plugin's values as they are now (changed but not yet stored, when it is). */
    public static PluginNode of(Plugin plugin) {
        return new PluginNode(plugin.id, plugin.name, plugin.dependencies, plugin.enabled);
    }

    static List<PluginNode> of(List<Plugin> plugins) {
        return plugins.stream().map(PluginNode::of).toList();
    }
}
