package io.animus.registry.template;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The agent to export, and the name and description of the template it is exported as. */
@RegisterForReflection
public record ExportRequest(
        @NotNull @Positive Integer agentId,
        @NotBlank @Size(max = 100) String name,
        @Size(max = 10_000) String description) {
}
