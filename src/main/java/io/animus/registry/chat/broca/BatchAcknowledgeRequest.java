package io.animus.registry.chat.broca;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Broca's acknowledgement of several claimed messages at once: the claim token they were handed out
 * under, and for each message the id Broca gave it in its own queue. All of them are acknowledged, or
 * none (see {@link BrocaDelivery#acknowledge(BatchAcknowledgeRequest)}).
 */
@RegisterForReflection
public record BatchAcknowledgeRequest(@NotBlank @Size(max = 64) String claimToken,
        @NotEmpty List<@NotNull @Valid Item> messages) {

    /** One message of the batch: the registry's id and Broca's. */
    @RegisterForReflection
    public record Item(@NotNull @Positive Integer id, @NotNull Integer brocaMessageId) {
    }
}
