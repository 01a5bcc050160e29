package io.animus.registry.template;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.config.ValueType;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A configuration entry a template gives what it makes: an agent setting of an agent template, a
 * tool-scoped configuration of a tool template. An encrypted entry holds no value but the
 * placeholder of a secret parameter: it is to be supplied at each application.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateSetting(
        @NotBlank @Size(max = 100) String key,
        JsonNode value,
        ValueType type,
        @JsonProperty("is_encrypted") Boolean encrypted,
        @Size(max = 1000) String description) {

    /** Whether the entry is stored encrypted: a secret. */
    public boolean secret() {
        return Boolean.TRUE.equals(encrypted);
    }

    public ValueType typeOrDefault() {
        return type == null ? ValueType.STRING : type;
    }
}
