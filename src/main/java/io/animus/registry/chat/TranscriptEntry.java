package io.animus.registry.chat;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One line of a session's transcript: a user's {@code message} or an agent's {@code response}, in the
 * order they were stored. Fields that do not apply to the kind are null.
 */
@RegisterForReflection
public record TranscriptEntry(
        String kind,
        Integer id,
        String text,
        Instant timestamp,
        @Schema(nullable = true) Integer userId,
        @Schema(nullable = true) Integer agentId,
        @Schema(nullable = true) Integer messageId,
        @Schema(nullable = true) Boolean processed,
        @Schema(nullable = true) Integer brocaMessageId) {

    static final String MESSAGE = "message";
    static final String RESPONSE = "response";
}
