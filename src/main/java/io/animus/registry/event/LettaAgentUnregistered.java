package io.animus.registry.event;

/** A reconciliation found a Letta agent that no registry agent names, and the run before had not listed it. */
public record LettaAgentUnregistered(String lettaId, String name) {
}
