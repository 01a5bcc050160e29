package io.animus.registry.config.envvar;

import io.animus.registry.config.ValueRequest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A new environment variable: a portable name ({@code [A-Za-z_][A-Za-z0-9_]*}) and a text value. */
@RegisterForReflection
public record EnvVarRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = EnvVar.NAME_PATTERN, message = "must be a valid environment variable name: a letter or '_', then letters, digits or '_'") String varName,
        String varValue,
        String description,
        @JsonProperty("is_encrypted") Boolean encrypted) implements ValueRequest.EnvVarFields {
}
