package io.animus.registry.chat;

import jakarta.validation.constraints.NotBlank;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body that posts a message to a session; its longest length is {@code animus.chat.message-max-length}. */
@RegisterForReflection
public record PostMessageRequest(@NotBlank String message) {
}
