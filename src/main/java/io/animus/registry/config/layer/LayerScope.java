package io.animus.registry.config.layer;

/**
 * What an effective configuration is asked for: an agent, a tool, a tool instance, or a combination;
 * each may be absent. A tool instance implies its tool and its agent.
 */
public record LayerScope(Integer agentId, Integer toolId, Integer toolInstanceId) {
}
