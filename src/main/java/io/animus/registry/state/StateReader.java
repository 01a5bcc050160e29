package io.animus.registry.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.agent.Agent;
import io.animus.registry.config.EntryKey;
import io.animus.registry.config.Scope;
import io.animus.registry.config.agent.AgentConfig;
import io.animus.registry.config.envvar.EnvVar;
import io.animus.registry.config.scoped.Configuration;
import io.animus.registry.config.system.SystemConfig;
import io.animus.registry.identity.user.User;
import io.animus.registry.plugin.Plugin;
import io.animus.registry.tool.Tool;
import io.animus.registry.tool.ToolInstance;

/**
 * Reads the registry's declared state as {@link StateItem}s, every reference by name: users (never a
 * hash), agents by letta_uid with visibility by username and role, tools, their plugins, tool instances by
 * tool name and agent letta_uid, scoped configurations by owner name, agent settings, system settings and
 * environment variables. Encrypted values read as {@code {secret: keep}}. Webhooks, templates, keys,
 * history and discovery's bookkeeping are not state.
 */
@ApplicationScoped
public class StateReader {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Inject
    EntityManager em;

    @Inject
    CanonicalJson canonical;

    /** The whole state, sorted by kind and key. */
    public List<StateItem> read() {
        List<StateItem> items = new ArrayList<>();
        Map<Integer, String> usernames = new HashMap<>();
        for (User user : em.createQuery("from User order by id", User.class).getResultList()) {
            usernames.put(user.id, user.username);
            ObjectNode fields = JSON.objectNode().put("username", user.username).put("email", user.email)
                    .put("role", user.role.label()).put("is_active", user.active);
            items.add(new StateItem(Kind.USER, StateKeys.user(user.username), fields));
        }
        Map<Integer, String> agentUids = new HashMap<>();
        for (Agent agent : em.createQuery("from Agent", Agent.class).getResultList()) {
            agentUids.put(agent.id, agent.lettaUid);
            ObjectNode fields = JSON.objectNode().put("letta_uid", agent.lettaUid).put("name", agent.name)
                    .put("description", agent.description).put("status", agent.status.label()).put("is_active", agent.active);
            fields.set("config", canonical.of(agent.config));
            fields.set("visible_to_users", agent.visibleToUsers == null ? JSON.nullNode() : names(agent.visibleToUsers, usernames));
            fields.set("visible_to_roles", agent.visibleToRoles == null ? JSON.nullNode() : strings(agent.visibleToRoles));
            items.add(new StateItem(Kind.AGENT, agent.lettaUid, fields));
        }
        Map<Integer, String> toolNames = new HashMap<>();
        for (Tool tool : em.createQuery("from Tool", Tool.class).getResultList()) {
            toolNames.put(tool.id, tool.name);
            ObjectNode fields = JSON.objectNode().put("name", tool.name).put("description", tool.description)
                    .put("emoji", tool.emoji).put("category", tool.category).put("version", tool.version)
                    .put("status", tool.status.label()).put("module_scope", tool.moduleScope.label());
            fields.set("config_schema", canonical.of(tool.configSchema));
            fields.put("is_enabled", tool.enabled);
            items.add(new StateItem(Kind.TOOL, tool.name, fields));
        }
        for (Object[] row : em.createQuery("select p, p.tool.id from Plugin p", Object[].class).getResultList()) {
            Plugin plugin = (Plugin) row[0];
            String tool = toolNames.get((Integer) row[1]);
            ObjectNode fields = JSON.objectNode().put("tool", tool).put("name", plugin.name).put("version", plugin.version)
                    .put("status", plugin.status.label());
            fields.set("config", canonical.of(plugin.config));
            fields.set("dependencies", plugin.dependencies == null ? JSON.arrayNode() : strings(plugin.dependencies));
            fields.put("is_enabled", plugin.enabled);
            items.add(new StateItem(Kind.PLUGIN, StateKeys.plugin(tool, plugin.name), fields));
        }
        Map<String, Integer> instanceRanks = new HashMap<>();
        for (Object[] row : em.createQuery("select i, t.id, a.id from ToolInstance i join i.tool t left join i.agent a order by i.id", Object[].class)
                .getResultList()) {
            ToolInstance instance = (ToolInstance) row[0];
            String tool = toolNames.get((Integer) row[1]);
            String agent = row[2] == null ? null : agentUids.get((Integer) row[2]);
            ObjectNode fields = JSON.objectNode().put("tool", tool).put("agent", agent).put("name", instance.name);
            fields.set("config", canonical.of(instance.config));
            fields.put("status", instance.status.label()).put("is_active", instance.active);
            items.add(new StateItem(Kind.TOOL_INSTANCE, StateKeys.toolInstance(tool, agent, instance.name,
                    instanceRanks.merge(StateKeys.toolInstance(tool, agent, instance.name, 1), 1, Integer::sum)), fields));
        }
        for (Configuration entry : em.createQuery("from Configuration", Configuration.class).getResultList()) {
            String owner = switch (entry.scope) {
                case SYSTEM -> null;
                case AGENT -> agentUids.get(entry.scopeId);
                case TOOL -> toolNames.get(entry.scopeId);
                case USER -> usernames.get(entry.scopeId);
            };
            if (owner == null && entry.scope != Scope.SYSTEM) {
                continue; // its owner is gone (a scope's id has no foreign key): nothing in a document can name it
            }
            ObjectNode fields = JSON.objectNode().put("scope", entry.scope.label()).put("owner", owner).put("key", entry.key);
            setValue(fields, entry.value, entry.encrypted);
            fields.put("type", entry.type.label()).put("description", entry.description);
            items.add(new StateItem(Kind.CONFIGURATION, StateKeys.configuration(entry.scope.label(), owner, entry.key), fields,
                    entry.encrypted ? entry.value : null, EntryKey.configuration(entry.scope, entry.scopeId, entry.key)));
        }
        for (Object[] row : em.createQuery("select c, c.agent.id from AgentConfig c", Object[].class).getResultList()) {
            AgentConfig entry = (AgentConfig) row[0];
            int agentId = (Integer) row[1];
            String agent = agentUids.get(agentId);
            ObjectNode fields = JSON.objectNode().put("agent", agent).put("key", entry.configKey);
            setValue(fields, entry.configValue, entry.encrypted);
            fields.put("type", entry.configType.label());
            items.add(new StateItem(Kind.AGENT_SETTING, StateKeys.agentSetting(agent, entry.configKey), fields,
                    entry.encrypted ? entry.configValue : null, EntryKey.agentConfig(agentId, entry.configKey)));
        }
        for (SystemConfig entry : em.createQuery("from SystemConfig", SystemConfig.class).getResultList()) {
            ObjectNode fields = JSON.objectNode().put("key", entry.configKey);
            setValue(fields, entry.configValue, entry.encrypted);
            fields.put("type", entry.configType.label()).put("category", entry.category).put("description", entry.description);
            items.add(new StateItem(Kind.SYSTEM_SETTING, entry.configKey, fields, entry.encrypted ? entry.configValue : null,
                    EntryKey.systemConfig(entry.configKey)));
        }
        for (EnvVar entry : em.createQuery("from EnvVar", EnvVar.class).getResultList()) {
            ObjectNode fields = JSON.objectNode().put("name", entry.varName);
            setValue(fields, entry.varValue, entry.encrypted);
            fields.put("description", entry.description);
            items.add(new StateItem(Kind.ENV_VAR, entry.varName, fields, entry.encrypted ? entry.varValue : null,
                    EntryKey.envVar(entry.varName)));
        }
        items.sort(ORDER);
        return items;
    }

    /** By kind, in the order an apply writes them, then by key. */
    static final Comparator<StateItem> ORDER = Comparator.comparing(StateItem::kind).thenComparing(StateItem::key);

    private static void setValue(ObjectNode fields, String value, boolean encrypted) {
        if (encrypted) {
            fields.set("value", SecretValue.keep());
        } else {
            fields.put("value", value);
        }
    }

    /** The usernames of the ids, in their order; an id whose user is gone is left out. */
    private static ArrayNode names(List<Integer> ids, Map<Integer, String> usernames) {
        ArrayNode names = JSON.arrayNode();
        ids.stream().map(usernames::get).filter(name -> name != null).forEach(names::add);
        return names;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }

    static JsonNode orNull(JsonNode node) {
        return node == null ? JSON.nullNode() : node;
    }
}
