package io.animus.registry.template;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.agent.Agent;
import io.animus.registry.config.agent.AgentConfig;
import io.animus.registry.tool.ToolInstance;
import io.animus.registry.web.ProblemException;

/**
 * Exports an agent as an agent template: its fields, with its name and letta_uid as parameters
 * (each application makes a new agent); its settings, an encrypted one as a secret parameter to be
 * supplied (its value never leaves the registry); and its tool instances, by tool name.
 */
@ApplicationScoped
public class AgentExport {

    private static final String NAME = "name";
    private static final String LETTA_UID = "letta_uid";

    @Inject
    ObjectMapper mapper;

    @Inject
    TemplateService templates;

    @Transactional
    public Template export(ExportRequest request) {
        int agentId = request.agentId();
        Agent agent = Agent.<Agent> findByIdOptional(agentId)
                .orElseThrow(() -> ProblemException.invalid("agent_id", "names no agent: " + agentId));
        List<TemplateParameter> parameters = new ArrayList<>(List.of(
                new TemplateParameter(NAME, ParameterType.STRING, true, "The new agent's name", null),
                new TemplateParameter(LETTA_UID, ParameterType.STRING, true, "The new agent's Letta uid", null)));
        Set<String> taken = new HashSet<>(List.of(NAME, LETTA_UID));
        List<TemplateSetting> settings = new ArrayList<>();
        for (AgentConfig setting : AgentConfig.<AgentConfig> list("agent.id = ?1 order by configKey", agentId)) {
            if (!setting.encrypted) {
                settings.add(new TemplateSetting(setting.configKey, setting.configValue == null ? null
                        : mapper.getNodeFactory().textNode(setting.configValue), setting.configType, null, null));
                continue;
            }
            String parameter = parameterName(setting.configKey, taken);
            parameters.add(new TemplateParameter(parameter, ParameterType.SECRET, true,
                    "The secret value of the setting '" + setting.configKey + "'", null));
            settings.add(new TemplateSetting(setting.configKey, mapper.getNodeFactory().textNode("{{" + parameter + "}}"),
                    setting.configType, true, null));
        }
        List<TemplateToolInstance> instances = ToolInstance.<ToolInstance> list("agent.id = ?1 order by id", agentId).stream()
                .map(instance -> new TemplateToolInstance(instance.tool.name, instance.name, instance.config, instance.status, instance.active))
                .toList();
        return templates.create(new TemplateRequest(request.name(), request.description(), TemplateKind.AGENT, parameters, fields(agent),
                settings, instances));
    }

    private ObjectNode fields(Agent agent) {
        ObjectNode fields = mapper.createObjectNode();
        fields.put(NAME, "{{" + NAME + "}}");
        fields.put(LETTA_UID, "{{" + LETTA_UID + "}}");
        fields.put("description", agent.description);
        fields.set("status", mapper.valueToTree(agent.status));
        fields.set("config", agent.config);
        fields.put("is_active", agent.active);
        fields.set("visible_to_users", mapper.valueToTree(agent.visibleToUsers));
        fields.set("visible_to_roles", mapper.valueToTree(agent.visibleToRoles));
        return fields;
    }

    /** A parameter name made of the setting's key ({@code llm.api_key} is {@code llm_api_key}), distinct from the others. */
    static String parameterName(String key, Set<String> taken) {
        String base = key.toLowerCase().replaceAll("[^a-z0-9_]", "_");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "secret_" + base;
        }
        base = base.substring(0, Math.min(base.length(), 56));
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + "_" + n;
        }
        return name;
    }
}
