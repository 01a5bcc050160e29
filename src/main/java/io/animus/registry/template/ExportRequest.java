package io.animus.registry.template;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The name and description of the template an agent is exported as. */
@RegisterForReflection
public record ExportRequest(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 10_000) String description) {
}
