package io.animus.registry.agent;

import java.util.Map;

import jakarta.inject.Singleton;

import io.animus.registry.web.KnownConstraints;

/** What breaking a constraint of the agents table means to the caller. */
@Singleton
class AgentConstraints implements KnownConstraints {

    @Override
    public Map<String, String> meanings() {
        return Map.of(
                "idx_agents_letta_uid", "an agent with this letta_uid already exists",
                "uq_agents_name", "an agent with this name already exists");
    }
}
