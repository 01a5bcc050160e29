package io.animus.registry.config.agent;

import java.util.Map;

import jakarta.inject.Singleton;

import io.animus.registry.web.KnownConstraints;

/** What breaking a constraint of the agent configs table means to the caller. */
@Singleton
class AgentConfigConstraints implements KnownConstraints {

    @Override
    public Map<String, String> meanings() {
        return Map.of("uq_agent_configs_agent_key", "this agent already has a setting with this config_key");
    }
}
