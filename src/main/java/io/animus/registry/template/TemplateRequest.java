package io.animus.registry.template;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body that defines a template or replaces it: its name and description, what it makes, the
 * parameters it asks for, the fields of what it makes, its settings and, for an agent, its tool
 * instances. Absent lists are empty.
 */
@RegisterForReflection
public record TemplateRequest(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 10_000) String description,
        @NotNull TemplateKind kind,
        @Size(max = 100) List<@NotNull @Valid TemplateParameter> parameters,
        @NotNull ObjectNode fields,
        @Size(max = 500) List<@NotNull @Valid TemplateSetting> settings,
        @Size(max = 100) List<@NotNull @Valid TemplateToolInstance> toolInstances) {

    public List<TemplateParameter> parametersOrEmpty() {
        return parameters == null ? List.of() : parameters;
    }

    public List<TemplateSetting> settingsOrEmpty() {
        return settings == null ? List.of() : settings;
    }

    public List<TemplateToolInstance> toolInstancesOrEmpty() {
        return toolInstances == null ? List.of() : toolInstances;
    }
}
