package io.animus.registry.chat.broca;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Broca's acknowledgement of a message: the id it gave the message in its own queue, and optionally
 * the claim token, to be told (409) when its lease ran out and another worker took the message.
 */
@RegisterForReflection
public record AcknowledgeRequest(@NotNull Integer brocaMessageId, @Size(max = 64) String claimToken) {
}
