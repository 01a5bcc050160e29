package io.animus.registry.discovery.reconcile;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.animus.registry.tool.ModuleScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the registry holds that a scan compares manifests against, loaded with one query per table:
 * all tools (a manifest must not take a hand-made tool's name), the instances of discovered tools,
 * all plugins (the plugin rules need a tool's hand-made plugins too) and all agents.
 */
public final class RegistrySnapshot {

    @RegisterForReflection
    record ToolRow(int id, String name, ModuleScope moduleScope, String discoveredFrom, String manifestHash) {
        boolean discovered() {
            return discoveredFrom != null;
        }
    }

    @RegisterForReflection
    record InstanceRow(int id, int toolId, Integer agentId, String discoveredFrom, String manifestHash) {
        boolean discovered() {
            return discoveredFrom != null;
        }
    }

    @RegisterForReflection
    record PluginRow(int id, int toolId, String name, boolean enabled, List<String> dependencies,
            String discoveredFrom, String manifestHash) {
        boolean discovered() {
            return discoveredFrom != null;
        }
    }

    @RegisterForReflection
    record AgentRow(int id, String name, String lettaUid) {
    }

    /** An agent's instance of a tool. */
    @RegisterForReflection
    record InstanceKey(int toolId, int agentId) {
    }

    /** A tool's plugin by name. */
    @RegisterForReflection
    record PluginKey(int toolId, String name) {
    }

    final List<ToolRow> tools;
    final List<InstanceRow> instances;
    final List<PluginRow> plugins;
    final List<AgentRow> agents;

    final Map<String, ToolRow> toolsByName = new HashMap<>();
    final Map<Integer, ToolRow> toolsById = new HashMap<>();
    /** Discovered instances by tool and agent. */
    final Map<InstanceKey, InstanceRow> discoveredInstances = new HashMap<>();
    /** Instances made through the API, by tool and agent: a scan does not add a second one beside them. */
    final Set<InstanceKey> handMadeInstances = new HashSet<>();
    /** Tools with a master instance (no agent): they cannot become agent-scoped. */
    final Set<Integer> toolsWithMasterInstance = new HashSet<>();
    final Map<PluginKey, PluginRow> pluginsByKey = new HashMap<>();
    final Map<Integer, List<PluginRow>> pluginsByTool = new HashMap<>();

    RegistrySnapshot(List<ToolRow> tools, List<InstanceRow> instances, List<PluginRow> plugins, List<AgentRow> agents) {
        this.tools = tools;
        this.instances = instances;
        this.plugins = plugins;
        this.agents = agents;
        for (ToolRow tool : tools) {
            toolsByName.put(tool.name(), tool);
            toolsById.put(tool.id(), tool);
        }
        for (InstanceRow instance : instances) {
            if (instance.agentId() == null) {
                toolsWithMasterInstance.add(instance.toolId());
            } else if (instance.discovered()) {
                discoveredInstances.put(new InstanceKey(instance.toolId(), instance.agentId()), instance);
            } else {
                handMadeInstances.add(new InstanceKey(instance.toolId(), instance.agentId()));
            }
        }
        for (PluginRow plugin : plugins) {
            pluginsByKey.put(new PluginKey(plugin.toolId(), plugin.name()), plugin);
            pluginsByTool.computeIfAbsent(plugin.toolId(), id -> new java.util.ArrayList<>()).add(plugin);
        }
    }
}
