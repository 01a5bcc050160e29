package io.animus.registry.config.layer;

import io.animus.registry.config.Scope;
import io.animus.registry.config.ValueType;
import io.animus.registry.config.ValueTypes;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.config.layer.ConfigurationLayers.Setting;

/**
 * Reads everything the effective configuration of a {@link LayerScope} needs in one statement, one
 * round trip to PostgreSQL: the tool instance asked for, the agent and tool in effect (whether they
 * exist, and the agent's visibility lists), and the rows of every source of the hierarchy.
 */
@ApplicationScoped
public class LayerReader {

    /**
     * Ids are never negative, so {@code -1} stands for "not asked". When a tool instance is asked,
     * its own tool and agent are the ones in effect.
     */
    static final String SQL = """
            WITH ti AS (SELECT id, tool_id, agent_id, config FROM tool_instances WHERE id = :instance),
            eff AS (SELECT CASE WHEN :instance < 0 THEN :agent ELSE (SELECT agent_id FROM ti) END AS agent_id,
                           CASE WHEN :instance < 0 THEN :tool ELSE (SELECT tool_id FROM ti) END AS tool_id)
            SELECT 'instance' AS kind, ti.id, CAST(NULL AS text) AS key, CAST(ti.config AS text) AS value,
                   CAST(NULL AS text) AS type, false AS encrypted, ti.tool_id AS ref, ti.agent_id AS ref2,
                   CAST(NULL AS text) AS extra
              FROM ti
            UNION ALL
            SELECT 'agent', a.id, NULL, CAST(a.visible_to_users AS text), NULL, false, NULL, NULL, CAST(a.visible_to_roles AS text)
              FROM agents a JOIN eff ON a.id = eff.agent_id
            UNION ALL
            SELECT 'tool', t.id, NULL, NULL, NULL, false, NULL, NULL, NULL
              FROM tools t JOIN eff ON t.id = eff.tool_id
            UNION ALL
            SELECT 'system_config', s.id, s.config_key, s.config_value, s.config_type, s.is_encrypted, NULL, NULL, NULL
              FROM system_config s
            UNION ALL
            SELECT 'configurations', c.id, c.key, c.value, c.type, c.is_encrypted, c.scope_id, NULL, c.scope
              FROM configurations c JOIN eff ON (c.scope = 'system' AND c.scope_id IS NULL)
                   OR (c.scope = 'agent' AND c.scope_id = eff.agent_id) OR (c.scope = 'tool' AND c.scope_id = eff.tool_id)
            UNION ALL
            SELECT 'agent_configs', g.id, g.config_key, g.config_value, g.config_type, g.is_encrypted, g.agent_id, NULL, NULL
              FROM agent_configs g JOIN eff ON g.agent_id = eff.agent_id
            """;

    private static final TypeReference<List<Integer>> USER_IDS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> ROLES = new TypeReference<>() {
    };

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    /** The layers of this scope as the database holds them now. */
    public StoredLayers read(LayerScope asked) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(SQL)
                .setParameter("instance", idOrNone(asked.toolInstanceId()))
                .setParameter("agent", idOrNone(asked.agentId()))
                .setParameter("tool", idOrNone(asked.toolId()))
                .getResultList();
        StoredLayers.Instance instance = null;
        StoredLayers.Agent agent = null;
        Integer toolId = null;
        String instanceConfig = null;
        Map<Scope, List<Setting>> configurations = new EnumMap<>(Scope.class);
        List<Setting> systemConfig = new ArrayList<>();
        List<Setting> agentConfigs = new ArrayList<>();
        for (Object[] row : rows) {
            String kind = (String) row[0];
            int id = ((Number) row[1]).intValue();
            switch (kind) {
                case "instance" -> {
                    instance = new StoredLayers.Instance(id, ((Number) row[6]).intValue(), row[7] == null ? null : ((Number) row[7]).intValue());
                    instanceConfig = (String) row[3];
                }
                case "agent" -> agent = new StoredLayers.Agent(id, list((String) row[3], USER_IDS), list((String) row[8], ROLES));
                case "tool" -> toolId = id;
                case "system_config" -> systemConfig.add(setting(row, id));
                case "agent_configs" -> agentConfigs.add(setting(row, id));
                case "configurations" -> configurations.computeIfAbsent(Scope.of((String) row[8]), scope -> new ArrayList<>())
                        .add(setting(row, id));
                default -> throw new IllegalStateException("unexpected row kind " + kind);
            }
        }
        ConfigurationLayers layers = new ConfigurationLayers()
                .with(ConfigurationLayers.SYSTEM_CONFIG, systemConfig)
                .with(ConfigurationLayers.SYSTEM_CONFIGURATIONS, configurations.getOrDefault(Scope.SYSTEM, List.of()));
        if (agent != null) {
            layers.with(ConfigurationLayers.AGENT_CONFIGS, agentConfigs)
                    .with(ConfigurationLayers.AGENT_CONFIGURATIONS, configurations.getOrDefault(Scope.AGENT, List.of()));
        }
        if (toolId != null) {
            layers.with(ConfigurationLayers.TOOL_CONFIGURATIONS, configurations.getOrDefault(Scope.TOOL, List.of()));
        }
        if (instance != null) {
            layers.with(ConfigurationLayers.INSTANCE_CONFIG, instanceSettings(instance.id(), instanceConfig));
        }
        return new StoredLayers(asked, instance, agent, toolId, layers.merge());
    }

    private static int idOrNone(Integer id) {
        return id == null ? -1 : id;
    }

    private static Setting setting(Object[] row, int id) {
        return new Setting((String) row[2], (String) row[3], ValueType.of((String) row[4]), (Boolean) row[5], id);
    }

    private <T> List<T> list(String text, TypeReference<List<T>> type) {
        if (text == null) {
            return null;
        }
        try {
            return List.copyOf(json.readValue(text, type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a visibility list of an agent is not a JSON list", e);
        }
    }

    /** The top-level keys of the instance's JSON config; a config that is not an object contributes none. */
    private List<Setting> instanceSettings(int instanceId, String config) {
        List<Setting> settings = new ArrayList<>();
        if (config == null) {
            return settings;
        }
        JsonNode node;
        try {
            node = json.readTree(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the config of tool instance " + instanceId + " is not JSON", e);
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                settings.add(new Setting(field.getKey(), ValueTypes.toText(field.getValue()), ValueTypes.typeOf(field.getValue()),
                        false, instanceId));
            }
        }
        return settings;
    }
}
