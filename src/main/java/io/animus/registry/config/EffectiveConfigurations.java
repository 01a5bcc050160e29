package io.animus.registry.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.animus.registry.agent.Agent;
import io.animus.registry.config.ConfigurationLayers.Resolved;
import io.animus.registry.config.ConfigurationLayers.Setting;
import io.animus.registry.crypto.Secrets;
import io.animus.registry.tool.Tool;
import io.animus.registry.tool.ToolInstance;
import io.animus.registry.web.ProblemException;
import io.quarkus.security.ForbiddenException;

/**
 * Reads the layers of one agent, tool and tool instance from the database, hands them to
 * {@link ConfigurationLayers} and shows the result: typed values, secrets masked or, for an admin
 * who asks, revealed and audited.
 */
@ApplicationScoped
public class EffectiveConfigurations {

    @Inject
    ConfigReadAccess access;

    @Inject
    SecretValues secrets;

    public EffectiveConfiguration resolve(Integer agentId, Integer toolId, Integer toolInstanceId, boolean reveal) {
        if (reveal && !access.isAdmin()) {
            throw new ForbiddenException();
        }
        ToolInstance instance = null;
        if (toolInstanceId != null) {
            instance = ToolInstance.findById(toolInstanceId);
            if (instance == null) {
                throw ProblemException.notFound("No tool instance has the id " + toolInstanceId);
            }
            toolId = impliedTool(instance, toolId);
            agentId = impliedAgent(instance, agentId);
        }
        if (agentId != null && (Agent.count("id", agentId) == 0 || !access.canSeeAgent(agentId))) {
            throw ProblemException.notFound("No agent has the id " + agentId);
        }
        if (toolId != null && Tool.count("id", toolId) == 0) {
            throw ProblemException.notFound("No tool has the id " + toolId);
        }
        List<Resolved> merged = layers(agentId, toolId, instance).merge();
        List<EffectiveConfiguration.Setting> settings = new ArrayList<>(merged.size());
        for (Resolved resolved : merged) {
            settings.add(new EffectiveConfiguration.Setting(resolved.key(), shown(resolved, agentId, toolId, reveal),
                    resolved.type(), resolved.encrypted(), resolved.origin().layer(), resolved.origin().source(),
                    resolved.origin().sourceId(), resolved.overrides()));
        }
        return new EffectiveConfiguration(agentId, toolId, toolInstanceId, reveal, settings);
    }

    private static Integer impliedTool(ToolInstance instance, Integer toolId) {
        Integer own = instance.tool.id;
        if (toolId != null && !toolId.equals(own)) {
            throw ProblemException.invalid("tool_id", "tool instance " + instance.id + " is an instance of tool " + own
                    + ", not of tool " + toolId);
        }
        return own;
    }

    private static Integer impliedAgent(ToolInstance instance, Integer agentId) {
        Integer own = instance.agent == null ? null : instance.agent.id;
        if (agentId != null && !agentId.equals(own)) {
            throw ProblemException.invalid("agent_id", own == null
                    ? "tool instance " + instance.id + " is the master instance of its tool and belongs to no agent"
                    : "tool instance " + instance.id + " belongs to agent " + own + ", not to agent " + agentId);
        }
        return own;
    }

    private static ConfigurationLayers layers(Integer agentId, Integer toolId, ToolInstance instance) {
        ConfigurationLayers layers = new ConfigurationLayers();
        List<SystemConfig> system = SystemConfig.listAll();
        layers.with(ConfigurationLayers.SYSTEM_CONFIG, system.stream()
                .map(s -> new Setting(s.configKey, s.configValue, s.configType, s.encrypted, s.id)).toList());
        layers.with(ConfigurationLayers.SYSTEM_CONFIGURATIONS, configurations(Scope.SYSTEM, null));
        if (agentId != null) {
            List<AgentConfig> agentConfigs = AgentConfig.list("agent.id", agentId);
            layers.with(ConfigurationLayers.AGENT_CONFIGS, agentConfigs.stream()
                    .map(a -> new Setting(a.configKey, a.configValue, a.configType, a.encrypted, a.id)).toList());
            layers.with(ConfigurationLayers.AGENT_CONFIGURATIONS, configurations(Scope.AGENT, agentId));
        }
        if (toolId != null) {
            layers.with(ConfigurationLayers.TOOL_CONFIGURATIONS, configurations(Scope.TOOL, toolId));
        }
        if (instance != null) {
            layers.with(ConfigurationLayers.INSTANCE_CONFIG, instanceSettings(instance));
        }
        return layers;
    }

    private static List<Setting> configurations(Scope scope, Integer scopeId) {
        List<Configuration> rows = scopeId == null
                ? Configuration.list("scope = ?1 and scopeId is null", scope)
                : Configuration.list("scope = ?1 and scopeId = ?2", scope, scopeId);
        return rows.stream().map(c -> new Setting(c.key, c.value, c.type, c.encrypted, c.id)).toList();
    }

    /** The top-level keys of the instance's JSON config; a config that is not an object contributes none. */
    private static List<Setting> instanceSettings(ToolInstance instance) {
        List<Setting> settings = new ArrayList<>();
        if (instance.config != null && instance.config.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = instance.config.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                settings.add(new Setting(field.getKey(), ValueTypes.toText(field.getValue()),
                        ValueTypes.typeOf(field.getValue()), false, instance.id));
            }
        }
        return settings;
    }

    private JsonNode shown(Resolved resolved, Integer agentId, Integer toolId, boolean reveal) {
        if (!resolved.encrypted() || resolved.value() == null) {
            return ValueTypes.toJson(resolved.type(), resolved.value());
        }
        if (!reveal) {
            return JsonNodeFactory.instance.textNode(Secrets.MASK);
        }
        EntryKey key = entryKey(resolved, agentId, toolId);
        return ValueTypes.toJson(resolved.type(), secrets.reveal(key, resolved.value(), true, RevealPurpose.EFFECTIVE));
    }

    private static EntryKey entryKey(Resolved resolved, Integer agentId, Integer toolId) {
        ConfigurationLayers.Origin origin = resolved.origin();
        return switch (origin.source()) {
            case "system_config" -> EntryKey.systemConfig(resolved.key());
            case "agent_configs" -> EntryKey.agentConfig(agentId, resolved.key());
            default -> switch (origin.layer()) {
                case SYSTEM -> EntryKey.configuration(Scope.SYSTEM, null, resolved.key());
                case AGENT -> EntryKey.configuration(Scope.AGENT, agentId, resolved.key());
                case TOOL -> EntryKey.configuration(Scope.TOOL, toolId, resolved.key());
                case INSTANCE -> throw new IllegalStateException("tool instance values are never encrypted");
            };
        };
    }
}
