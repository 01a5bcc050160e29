package io.animus.registry.plugin;

import java.util.List;

import io.animus.registry.tool.Tool;

/**
 * The plugins of one tool as {@link PluginRules} check a change against them: the tool is named in
 * the rules' answers, and its id tells its plugins from those of other tools.
 *
 * @param plugins the tool's stored plugins, the changed one's stored self included when it exists
 */
public record ToolPlugins(int toolId, String toolName, List<PluginNode> plugins) {

    static ToolPlugins of(Tool tool, List<Plugin> plugins) {
        return new ToolPlugins(tool.id, tool.name, PluginNode.of(plugins));
    }
}
