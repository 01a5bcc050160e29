package io.animus.registry.config.history;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Which entry to roll back, and to the state right after which of its versions. */
@RegisterForReflection
public record RollbackRequest(@NotBlank String entryKey, @NotNull @Min(1) Integer version) {
}
