package io.animus.registry.template;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A value a template asks for when it is applied, used in the template as {@code {{name}}}. A
 * parameter is required unless it says otherwise; an optional one may have a default (a secret may not).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateParameter(
        @NotNull @Pattern(regexp = Placeholders.NAME, message = "must be a lower-case identifier: a letter, then letters, digits or _ (at most 64)") String name,
        @NotNull ParameterType type,
        Boolean required,
        @Size(max = 1000) String description,
        @JsonProperty("default") JsonNode defaultValue) {

    /** Whether an application must supply the value. */
    public boolean mandatory() {
        return required == null || required;
    }
}
