package io.animus.registry.chat;

import jakarta.validation.constraints.NotBlank;

/** The body that posts a message to a session; its longest length is {@code animus.chat.message-max-length}. */
public record PostMessageRequest(@NotBlank String message) {
}
