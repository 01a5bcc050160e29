package io.animus.registry.template;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.agent.Status;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A tool instance an agent template gives its agent: the tool by its name (so that a template
 * travels between registries), and the instance's name, config, status and active flag.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateToolInstance(
        @NotBlank @Size(max = 255) String tool,
        @Size(max = 255) String name,
        JsonNode config,
        Status status,
        Boolean isActive) {
}
