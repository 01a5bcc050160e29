package io.animus.registry.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** Which entry to roll back, and to the state right after which of its versions. */
public record RollbackRequest(@NotBlank String entryKey, @NotNull @Min(1) Integer version) {
}
