package io.animus.registry.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.agent.Agent;
import io.animus.registry.agent.AgentRequest;
import io.animus.registry.agent.AgentService;
import io.animus.registry.config.agent.AgentConfig;
import io.animus.registry.config.agent.AgentConfigRequest;
import io.animus.registry.config.agent.AgentConfigStore;
import io.animus.registry.config.scoped.Configuration;
import io.animus.registry.config.scoped.ConfigurationRequest;
import io.animus.registry.config.scoped.ConfigurationStore;
import io.animus.registry.config.Scope;
import io.animus.registry.config.ValueTypes;
import io.animus.registry.tool.JsonSchemas;
import io.animus.registry.tool.ModuleScope;
import io.animus.registry.tool.Tool;
import io.animus.registry.tool.ToolInstance;
import io.animus.registry.tool.ToolInstanceRequest;
import io.animus.registry.tool.ToolInstanceService;
import io.animus.registry.tool.ToolRequest;
import io.animus.registry.tool.ToolService;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;

/**
 * Applies a template: checks the supplied values against its parameters, resolves its placeholders,
 * checks everything it would make (the fields, each setting's type, each tool and each instance's
 * config against its tool's {@code config_schema}), and only then makes it all, through the
 * services that make each one, in one transaction. A value missing or wrong is a 422 that lists every
 * problem; a name already taken is a 409; either way nothing is made.
 */
@ApplicationScoped
public class TemplateApplication {

    @Inject
    ObjectMapper mapper;

    @Inject
    Validator validator;

    @Inject
    TemplateService templates;

    @Inject
    JsonSchemas schemas;

    @Inject
    AgentService agents;

    @Inject
    AgentConfigStore agentSettings;

    @Inject
    ToolService tools;

    @Inject
    ConfigurationStore configurations;

    @Inject
    ToolInstanceService toolInstances;

    /** A setting as it will be written: its key, value as text, and the rest of the template's entry. */
    private record ResolvedSetting(TemplateSetting setting, String value) {
    }

    /** A tool instance as it will be written: its tool and the instance's fields. */
    private record ResolvedInstance(Tool tool, TemplateToolInstance instance, String name, JsonNode config) {
    }

    @Transactional
    public AppliedTemplate apply(int templateId, ApplyRequest request) {
        Template template = templates.find(templateId).orElseThrow(() -> ProblemException.notFound("No template " + templateId));
        TemplateRequest definition = templates.definition(template);
        Map<String, JsonNode> values = values(definition.parametersOrEmpty(), request == null ? null : request.values());
        List<Problem.FieldError> errors = new ArrayList<>();
        ObjectNode fields = (ObjectNode) Placeholders.resolve(definition.fields(), values);
        List<ResolvedSetting> settings = settings(definition.settingsOrEmpty(), values, errors);
        List<ResolvedInstance> instances = instances(definition.toolInstancesOrEmpty(), values, errors);
        if (template.kind == TemplateKind.AGENT) {
            AgentRequest agent = fieldsAs(AgentRequest.class, fields, errors);
            refuse(errors);
            refuseTaken(agent.name() == null ? null : Agent.findByName(agent.name().strip()).map(a -> "an agent named '" + a.name + "'"),
                    Agent.findByLettaUid(agent.lettaUid().strip()).map(a -> "an agent with letta_uid '" + a.lettaUid + "'"));
            return makeAgent(template, agent, settings, instances);
        }
        ToolRequest tool = fieldsAs(ToolRequest.class, fields, errors);
        refuse(errors);
        refuseTaken(Tool.find("name", tool.name().strip()).<Tool> firstResultOptional().map(t -> "a tool named '" + t.name + "'"), null);
        return makeTool(template, tool, settings);
    }

    private AppliedTemplate makeAgent(Template template, AgentRequest request, List<ResolvedSetting> settings, List<ResolvedInstance> instances) {
        Agent agent = agents.create(request);
        List<AppliedTemplate.Made> madeSettings = new ArrayList<>();
        for (ResolvedSetting resolved : settings) {
            TemplateSetting setting = resolved.setting();
            AgentConfig entry = agentSettings.createForNewOwner(new AgentConfigRequest(agent.id, setting.key(), resolved.value(), setting.typeOrDefault(),
                    setting.secret()));
            madeSettings.add(new AppliedTemplate.Made(entry.id, entry.configKey, "/api/v1/agent-configs/" + entry.id));
        }
        List<AppliedTemplate.Made> madeInstances = new ArrayList<>();
        for (ResolvedInstance resolved : instances) {
            TemplateToolInstance instance = resolved.instance();
            ToolInstance made = toolInstances.create(resolved.tool().id, new ToolInstanceRequest(agent.id, resolved.name(), resolved.config(),
                    instance.status(), null, null, instance.isActive()));
            madeInstances.add(new AppliedTemplate.Made(made.id, made.name, "/api/v1/tool-instances/" + made.id));
        }
        return new AppliedTemplate(template.id, template.kind, new AppliedTemplate.Made(agent.id, agent.name, "/api/v1/agents/" + agent.id),
                null, madeSettings, madeInstances);
    }

    private AppliedTemplate makeTool(Template template, ToolRequest request, List<ResolvedSetting> settings) {
        Tool tool = tools.create(request).tool();
        List<AppliedTemplate.Made> madeSettings = new ArrayList<>();
        for (ResolvedSetting resolved : settings) {
            TemplateSetting setting = resolved.setting();
            Configuration entry = configurations.createForNewOwner(new ConfigurationRequest(setting.key(), resolved.value(), setting.typeOrDefault(),
                    Scope.TOOL, tool.id, setting.description(), setting.secret()));
            madeSettings.add(new AppliedTemplate.Made(entry.id, entry.key, "/api/v1/configurations/" + entry.id));
        }
        return new AppliedTemplate(template.id, template.kind, null, new AppliedTemplate.Made(tool.id, tool.name, "/api/v1/tools/" + tool.id),
                madeSettings, List.of());
    }

    /**
     * The value of each parameter: the one supplied, else its default, else none. A required value
     * missing, a value of the wrong type, or a value for no parameter is refused, all of them at once.
     */
    private static Map<String, JsonNode> values(List<TemplateParameter> parameters, ObjectNode supplied) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, JsonNode> values = new HashMap<>();
        Set<String> declared = new HashSet<>();
        for (TemplateParameter parameter : parameters) {
            declared.add(parameter.name());
            JsonNode value = supplied == null ? null : supplied.get(parameter.name());
            String at = "values." + parameter.name();
            if (value == null || value.isNull()) {
                if (parameter.mandatory()) {
                    errors.add(new Problem.FieldError(at, "is required: a " + parameter.type().label()
                            + (parameter.description() == null ? "" : " (" + parameter.description() + ")")));
                } else if (parameter.defaultValue() != null && !parameter.defaultValue().isNull()) {
                    values.put(parameter.name(), parameter.defaultValue());
                }
                continue;
            }
            parameter.type().mismatch(value).ifPresentOrElse(reason -> errors.add(new Problem.FieldError(at, reason)),
                    () -> values.put(parameter.name(), value));
        }
        if (supplied != null) {
            Iterator<String> names = supplied.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!declared.contains(name)) {
                    errors.add(new Problem.FieldError("values." + name, "is not a parameter of this template"));
                }
            }
        }
        refuse(errors);
        return values;
    }

    private static List<ResolvedSetting> settings(List<TemplateSetting> settings, Map<String, JsonNode> values, List<Problem.FieldError> errors) {
        List<ResolvedSetting> resolved = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            TemplateSetting setting = settings.get(i);
            String at = "settings[" + i + "].value";
            JsonNode value = Placeholders.resolve(setting.value(), values);
            String text = value == null || value.isNull() ? null : ValueTypes.toText(value);
            // the message names the key and the type, never the value, which may be a secret
            ValueTypes.mismatch(setting.typeOrDefault(), text).ifPresent(reason -> errors.add(new Problem.FieldError(at, "the value of '" + setting.key() + "' " + reason
                            + " (its type is " + setting.typeOrDefault().label() + ")")));
            resolved.add(new ResolvedSetting(setting, text));
        }
        return resolved;
    }

    private List<ResolvedInstance> instances(List<TemplateToolInstance> instances, Map<String, JsonNode> values, List<Problem.FieldError> errors) {
        if (instances.isEmpty()) {
            return List.of();
        }
        Map<String, Tool> byName = Tool.<Tool> list("name in ?1", instances.stream().map(TemplateToolInstance::tool).distinct().toList())
                .stream().collect(Collectors.toMap(tool -> tool.name, Function.identity()));
        List<ResolvedInstance> resolved = new ArrayList<>();
        Set<String> agentScoped = new HashSet<>();
        for (int i = 0; i < instances.size(); i++) {
            TemplateToolInstance instance = instances.get(i);
            String at = "tool_instances[" + i + "]";
            Tool tool = byName.get(instance.tool());
            JsonNode name = Placeholders.resolve(instance.name() == null ? null : mapper.getNodeFactory().textNode(instance.name()), values);
            String nameText = name == null || name.isNull() ? null : ValueTypes.toText(name);
            if (nameText != null && nameText.length() > 255) {
                errors.add(new Problem.FieldError(at + ".name", "is longer than 255 characters"));
            }
            JsonNode config = Placeholders.resolve(instance.config(), values);
            if (tool == null) {
                errors.add(new Problem.FieldError(at + ".tool", "names no tool of this registry: '" + instance.tool() + "'"));
                continue;
            }
            if (tool.moduleScope == ModuleScope.AGENT && !agentScoped.add(tool.name)) {
                errors.add(new Problem.FieldError(at + ".tool", "gives the agent-scoped tool '" + tool.name
                        + "' a second time; an agent has at most one instance of it"));
            }
            try {
                schemas.checkConfig(tool.configSchema, config);
            } catch (ProblemException e) {
                e.errors().forEach(error -> errors.add(new Problem.FieldError(at + "." + error.field(), error.message())));
            }
            resolved.add(new ResolvedInstance(tool, instance, nameText, config));
        }
        return resolved;
    }

    /** The resolved fields read as the create request of what the template makes, with each problem under {@code fields}. */
    private <R> R fieldsAs(Class<R> type, ObjectNode fields, List<Problem.FieldError> errors) {
        R request;
        try {
            request = mapper.treeToValue(fields, type);
        } catch (JsonMappingException e) {
            errors.add(new Problem.FieldError("fields" + path(e), "has the wrong type or form for this field"));
            refuse(errors);
            return null;
        } catch (JsonProcessingException e) {
            errors.add(new Problem.FieldError("fields", "cannot be read as the fields of this template's kind"));
            refuse(errors);
            return null;
        }
        for (ConstraintViolation<R> violation : validator.validate(request)) {
            errors.add(new Problem.FieldError("fields." + snakeCase(violation.getPropertyPath().toString()), violation.getMessage()));
        }
        return request;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            path.append(reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path.toString();
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static void refuse(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            errors.sort((a, b) -> a.field().compareTo(b.field()));
            throw TemplateProblems.invalid("The values do not make a valid application of the template (" + errors.size()
                    + " problem(s))", errors);
        }
    }

    /** A 409 naming what already holds a unique name that the application would take. */
    @SafeVarargs
    private static void refuseTaken(Optional<String>... holders) {
        List<String> taken = new ArrayList<>();
        for (Optional<String> holder : holders) {
            if (holder != null) {
                holder.ifPresent(taken::add);
            }
        }
        if (!taken.isEmpty()) {
            throw ProblemException.conflict("The template would make what already exists: " + String.join(" and ", taken)
                    + "; supply other values");
        }
    }
}
