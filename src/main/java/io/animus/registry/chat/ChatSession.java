package io.animus.registry.chat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A chat session as the API shows it. */
@RegisterForReflection
public record ChatSession(
        String id,
        String uid,
        @Schema(nullable = true) Integer userId,
        @Schema(nullable = true) Integer agentId,
        @Schema(nullable = true) String ipAddress,
        JsonNode metadata,
        Instant createdAt,
        Instant lastActive) {

    public static ChatSession from(WebChatSession session) {
        return new ChatSession(session.id, session.uid, session.user == null ? null : session.user.id,
                session.agent == null ? null : session.agent.id, session.ipAddress, session.metadata, session.createdAt,
                session.lastActive);
    }
}
