package io.animus.registry.chat;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body that opens a chat session: the agent to talk to, and what the chat interface wants to keep with it. */
@RegisterForReflection
public record OpenSessionRequest(@NotNull Integer agentId, JsonNode metadata) {
}
