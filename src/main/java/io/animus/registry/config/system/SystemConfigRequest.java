package io.animus.registry.config.system;

import io.animus.registry.config.ValueRequest;
import io.animus.registry.config.ValueType;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A new system setting. {@code config_key} addresses it in URLs, so it is letters, digits, '.', '-'
 * and '_'; the value is text that must match {@code config_type} (default {@code string}).
 */
@RegisterForReflection
public record SystemConfigRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = KEY_PATTERN, message = "must be letters, digits, '.', '-' or '_', starting with a letter or digit") String configKey,
        String configValue,
        ValueType configType,
        String description,
        @JsonProperty("is_encrypted") Boolean encrypted,
        @Size(min = 1, max = 50) String category) implements ValueRequest.SystemConfigFields {

    /** The form of a system setting's key. */
    public static final String KEY_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]*$";
}
