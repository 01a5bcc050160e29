package io.animus.registry.chat.broca;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body with which Broca stores an agent's reply: the text, the message it answers (when known),
 * Broca's own id for it, and the agent that replied (the session's agent when absent).
 */
@RegisterForReflection
public record ChatReplyRequest(
        @NotBlank String response,
        @Positive Integer messageId,
        Integer brocaMessageId,
        @Positive Integer agentId) {
}
