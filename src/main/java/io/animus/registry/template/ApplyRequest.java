package io.animus.registry.template;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The values an application of a template supplies, by parameter name ({@code {}} when it asks for none). */
@RegisterForReflection
public record ApplyRequest(@NotNull ObjectNode values) {
}
