package io.animus.registry.plugin;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.tool.Tool;
import io.animus.registry.tool.ToolService;
import io.animus.registry.version.Definition;
import io.animus.registry.version.PluginVersion;
import io.animus.registry.version.VersionRecorder;
import io.animus.registry.web.ETags;
import io.animus.registry.web.ProblemException;

/**
 * Writes the plugins of a tool under {@link PluginRules}, giving the rules its entities as
 * {@link PluginNode}s. Every write locks the tool, so that two concurrent changes cannot together
 * close a cycle the rules would refuse one by one.
 */
@ApplicationScoped
public class PluginService {

    @Inject
    CurrentUser currentUser;

    @Inject
    ToolService tools;

    @Inject
    VersionRecorder versions;

    @Inject
    ObjectMapper mapper;

    /** A plugin as written, and the version row of its definition. */
    public record Written(Plugin plugin, PluginVersion version) {
    }

    @Transactional
    public Plugin create(int toolId, PluginRequest request) {
        Tool tool = tools.lock(toolId);
        Plugin plugin = new Plugin();
        plugin.tool = tool;
        request.applyTo(plugin);
        PluginRules.checkChange(PluginNode.of(plugin), null, ToolPlugins.of(tool, Plugin.listByTool(tool)));
        plugin.createdBy = currentUser.reference();
        return write(plugin).plugin();
    }

    @Transactional
    public Written update(int toolId, int id, PluginRequest request, String ifMatch) {
        Tool tool = tools.lock(toolId);
        Plugin plugin = find(tool, id);
        ETags.checkIfMatch(ifMatch, plugin.updatedAt);
        String previousName = plugin.name;
        List<Plugin> siblings = Plugin.listByTool(tool);
        request.applyTo(plugin);
        PluginRules.checkChange(PluginNode.of(plugin), previousName, ToolPlugins.of(tool, siblings));
        return write(plugin);
    }

    /** Stores the plugin with the hash of its definition, and records that definition as a version unless it is recorded. */
    private Written write(Plugin plugin) {
        ObjectNode definition = definition(plugin);
        plugin.versionHash = versions.hash(definition);
        plugin.persistAndFlush();
        return new Written(plugin, versions.recordPlugin(new Definition(plugin.id, plugin.version, plugin.versionHash, definition, null)));
    }

    /** The fields of a plugin that make its definition; its status and {@code is_enabled} are state, not version. */
    private ObjectNode definition(Plugin plugin) {
        ObjectNode body = mapper.createObjectNode();
        body.put("name", plugin.name);
        body.put("version", plugin.version);
        body.set("config", plugin.config);
        body.set("dependencies", plugin.dependencies == null ? null : mapper.valueToTree(plugin.dependencies));
        return body;
    }

    /** Deletes the plugin, and with {@code cascade} the plugins that need it. */
    @Transactional
    public void delete(int toolId, int id, boolean cascade, String ifMatch) {
        Tool tool = tools.lock(toolId);
        Plugin plugin = find(tool, id);
        ETags.checkIfMatch(ifMatch, plugin.updatedAt);
        Set<String> dependents = PluginRules.checkDelete(plugin.name, PluginNode.of(Plugin.listByTool(tool)), cascade);
        if (!dependents.isEmpty()) {
            Plugin.delete("tool = ?1 and name in ?2", tool, dependents);
        }
        plugin.delete();
    }

    public static Plugin find(Tool tool, int id) {
        return Plugin.<Plugin> find("tool = ?1 and id = ?2", tool, id).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("Tool " + tool.id + " has no plugin " + id));
    }
}
