package io.animus.registry.chat;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user's message as the API shows it: what was said, and whether Broca has taken it. */
@RegisterForReflection
public record ChatMessage(
        Integer id,
        String sessionId,
        String message,
        Instant timestamp,
        @Schema(nullable = true) Integer userId,
        boolean processed,
        @Schema(nullable = true) Integer brocaMessageId,
        @Schema(nullable = true) Instant processedAt) {

    public static ChatMessage from(WebChatMessage message) {
        return new ChatMessage(message.id, message.session.id, message.message, message.timestamp,
                message.user == null ? null : message.user.id, message.processed, message.brocaMessageId, message.processedAt);
    }
}
