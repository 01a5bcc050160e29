package io.animus.registry.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import io.animus.registry.agent.AgentRequest;
import io.animus.registry.config.ValueTypes;
import io.animus.registry.tool.ToolRequest;
import io.animus.registry.web.Problem;

/**
 * What makes a template well-defined, checked before it is stored: its parameters are distinct and
 * their defaults fit their types; its fields are fields of what it makes; every placeholder names a
 * declared parameter; and it holds no secret value. A secret parameter has no default and is used
 * only as the whole value of an encrypted setting, and an encrypted setting holds nothing else, so
 * that a secret is only ever supplied at an application and stored encrypted. Every break is listed.
 */
@ApplicationScoped
public class TemplateRules {

    @Inject
    ObjectMapper mapper;

    private final Map<TemplateKind, Set<String>> fieldNames = new HashMap<>();

    /** Refuses, with a 422 that lists each problem, a template that breaks a rule. */
    public void check(TemplateRequest template) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, TemplateParameter> parameters = parameters(template.parametersOrEmpty(), errors);
        Set<String> allowed = fieldsOf(template.kind());
        template.fields().fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                errors.add(new Problem.FieldError("fields." + name, "is not a field of a " + template.kind().label()
                        + "; the fields are " + allowed.stream().sorted().collect(Collectors.joining(", "))));
            }
        });
        references(template.fields(), "fields", parameters, errors);
        settings(template.settingsOrEmpty(), parameters, errors);
        List<TemplateToolInstance> instances = template.toolInstancesOrEmpty();
        if (template.kind() == TemplateKind.TOOL && !instances.isEmpty()) {
            errors.add(new Problem.FieldError("tool_instances", "a tool template has no tool instances; only an agent template gives them"));
        }
        for (int i = 0; i < instances.size(); i++) {
            references(instances.get(i).name() == null ? null : mapper.getNodeFactory().textNode(instances.get(i).name()),
                    "tool_instances[" + i + "].name", parameters, errors);
            references(instances.get(i).config(), "tool_instances[" + i + "].config", parameters, errors);
        }
        if (!errors.isEmpty()) {
            throw TemplateProblems.invalid("The template breaks " + errors.size() + " rule(s)", errors);
        }
    }

    private static Map<String, TemplateParameter> parameters(List<TemplateParameter> declared, List<Problem.FieldError> errors) {
        Map<String, TemplateParameter> parameters = new HashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            TemplateParameter parameter = declared.get(i);
            String at = "parameters[" + i + "]";
            if (parameters.putIfAbsent(parameter.name(), parameter) != null) {
                errors.add(new Problem.FieldError(at + ".name", "declares '" + parameter.name() + "' a second time"));
            }
            if (parameter.defaultValue() == null || parameter.defaultValue().isNull()) {
                continue;
            }
            if (parameter.type() == ParameterType.SECRET) {
                errors.add(new Problem.FieldError(at + ".default", "a secret parameter has no default: a template never stores"
                        + " a secret value; it is supplied when the template is applied"));
            } else if (parameter.mandatory()) {
                errors.add(new Problem.FieldError(at + ".default", "only an optional parameter (\"required\": false) has a default"));
            } else {
                parameter.type().mismatch(parameter.defaultValue()).ifPresent(reason -> errors.add(new Problem.FieldError(at + ".default", reason)));
            }
        }
        return parameters;
    }

    private static void settings(List<TemplateSetting> settings, Map<String, TemplateParameter> parameters, List<Problem.FieldError> errors) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < settings.size(); i++) {
            TemplateSetting setting = settings.get(i);
            String at = "settings[" + i + "]";
            if (!keys.add(setting.key())) {
                errors.add(new Problem.FieldError(at + ".key", "'" + setting.key() + "' is given a second time"));
            }
            if (setting.secret()) {
                boolean empty = setting.value() == null || setting.value().isNull();
                boolean secretPlaceholder = Placeholders.whole(setting.value()).map(parameters::get)
                        .filter(parameter -> parameter.type() == ParameterType.SECRET).isPresent();
                if (!empty && !secretPlaceholder) {
                    errors.add(new Problem.FieldError(at + ".value", "an encrypted setting holds no value in a template: a template"
                            + " never stores a secret; make it the placeholder of a secret parameter ({{name}}), to be supplied"
                            + " when the template is applied"));
                }
                continue;
            }
            if (setting.value() != null && (setting.value().isObject() || setting.value().isArray())) {
                errors.add(new Problem.FieldError(at + ".value", "is a string, number or boolean (a json value is written as its text)"));
                continue;
            }
            references(setting.value(), at + ".value", parameters, errors);
            if (setting.value() != null && !setting.value().isNull() && !Placeholders.any(setting.value())) {
                ValueTypes.mismatch(setting.typeOrDefault(), ValueTypes.toText(setting.value())).ifPresent(reason -> errors.add(
                        new Problem.FieldError(at + ".value", "the value of '" + setting.key() + "' " + reason
                                + " (its type is " + setting.typeOrDefault().label() + ")")));
            }
        }
    }

    /** Every placeholder under {@code node} must name a declared parameter that is not a secret. */
    private static void references(JsonNode node, String at, Map<String, TemplateParameter> parameters,
            List<Problem.FieldError> errors) {
        Placeholders.visit(node, at, (path, name) -> {
            TemplateParameter parameter = parameters.get(name);
            if (parameter == null) {
                undeclared(path, name, errors);
            } else if (parameter.type() == ParameterType.SECRET) {
                errors.add(new Problem.FieldError(path, "uses the secret parameter '" + name + "', which may only be the whole"
                        + " value of an encrypted setting (\"is_encrypted\": true), so that it is stored encrypted"));
            }
        });
    }

    private static void undeclared(String path, String name, List<Problem.FieldError> errors) {
        errors.add(new Problem.FieldError(path, "uses the parameter '" + name + "', which the template does not declare"));
    }

    /** The JSON names of the fields of what a template of {@code kind} makes: those of its create request. */
    Set<String> fieldsOf(TemplateKind kind) {
        synchronized (fieldNames) {
            return fieldNames.computeIfAbsent(kind, k -> mapper.getDeserializationConfig()
                    .introspect(mapper.constructType(k == TemplateKind.AGENT ? AgentRequest.class : ToolRequest.class))
                    .findProperties().stream().map(BeanPropertyDefinition::getName).collect(Collectors.toUnmodifiableSet()));
        }
    }
}
