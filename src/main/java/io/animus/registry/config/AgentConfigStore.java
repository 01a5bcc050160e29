package io.animus.registry.config;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.animus.registry.agent.Agent;
import io.animus.registry.web.ProblemException;

/** Writes of {@code agent_configs}: entries keyed by agent and config_key. */
@ApplicationScoped
public class AgentConfigStore extends EntryStore<AgentConfig> {

    @Override
    public ConfigTable table() {
        return ConfigTable.AGENT_CONFIGS;
    }

    @Override
    public EntryKey keyOf(AgentConfig entry) {
        return EntryKey.agentConfig(entry.agent.id, entry.configKey);
    }

    @Override
    public EntryState stateOf(AgentConfig entry) {
        return new EntryState(entry.configValue, entry.configType, entry.encrypted, EntryState.emptyDetails());
    }

    @Override
    public Instant updatedAt(AgentConfig entry) {
        return entry.updatedAt;
    }

    @Override
    protected Optional<AgentConfig> findByKey(EntryKey key) {
        return AgentConfig.find("agent.id = ?1 and configKey = ?2", key.ownerId(), key.name()).firstResultOptional();
    }

    @Override
    protected AgentConfig newEntry(EntryKey key) {
        Agent agent = Agent.findById(key.ownerId());
        if (agent == null) {
            throw ProblemException.invalid("agent_id", "no agent has the id " + key.ownerId());
        }
        AgentConfig entry = new AgentConfig();
        entry.agent = agent;
        entry.configKey = key.name();
        return entry;
    }

    @Override
    protected void assign(AgentConfig entry, EntryState state) {
        entry.configValue = state.value();
        entry.configType = state.type();
        entry.encrypted = state.encrypted();
    }

    @Override
    protected List<AgentConfig> lockEncrypted() {
        return AgentConfig.find("encrypted = true order by id").withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
