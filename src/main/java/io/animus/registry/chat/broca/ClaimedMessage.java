package io.animus.registry.chat.broca;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A message handed to Broca by a claim, with what Broca needs to route it: the session, the agent
 * (its Letta id) and the author.
 */
@RegisterForReflection
public record ClaimedMessage(
        Integer id,
        String sessionId,
        String sessionUid,
        @Schema(nullable = true) Integer agentId,
        @Schema(nullable = true) String lettaUid,
        @Schema(nullable = true) Integer userId,
        @Schema(nullable = true) String username,
        String message,
        Instant timestamp,
        int deliveryAttempts) {
}
