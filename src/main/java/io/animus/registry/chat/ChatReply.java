package io.animus.registry.chat;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An agent's reply as the API shows it. */
@RegisterForReflection
public record ChatReply(
        Integer id,
        String sessionId,
        Integer messageId,
        String response,
        Instant timestamp,
        Integer brocaMessageId,
        Integer agentId) {

    public static ChatReply from(WebChatResponse reply) {
        return new ChatReply(reply.id, reply.session.id, reply.message == null ? null : reply.message.id, reply.response,
                reply.timestamp, reply.brocaMessageId, reply.agent == null ? null : reply.agent.id);
    }
}
