package io.animus.registry.chat;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An agent's reply as the API shows it. */
@RegisterForReflection
public record ChatReply(
        Integer id,
        String sessionId,
        @Schema(nullable = true) Integer messageId,
        String response,
        Instant timestamp,
        @Schema(nullable = true) Integer brocaMessageId,
        @Schema(nullable = true) Integer agentId) {

    public static ChatReply from(WebChatResponse reply) {
        return new ChatReply(reply.id, reply.session.id, reply.message == null ? null : reply.message.id, reply.response,
                reply.timestamp, reply.brocaMessageId, reply.agent == null ? null : reply.agent.id);
    }
}
