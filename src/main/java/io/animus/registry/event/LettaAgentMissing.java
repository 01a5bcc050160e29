package io.animus.registry.event;

/**
 * A registry agent's Letta agent was not found by a reconciliation that completed, where the run before
 * found it or had not checked it: {@code switchedOff} when the link's setting switched the agent Off.
 */
public record LettaAgentMissing(int agentId, String lettaUid, String lettaId, String name, boolean switchedOff) {
}
