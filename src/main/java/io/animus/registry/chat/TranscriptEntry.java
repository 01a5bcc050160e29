package io.animus.registry.chat;

import java.time.Instant;

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
        Integer userId,
        Integer agentId,
        Integer messageId,
        Boolean processed,
        Integer brocaMessageId) {

    static final String MESSAGE = "message";
    static final String RESPONSE = "response";
}
