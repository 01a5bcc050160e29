package io.animus.registry.config.agent;

import io.animus.registry.config.ConfigReadAccess;
import io.animus.registry.config.ConfigTable;
import io.animus.registry.config.EntryKey;
import io.animus.registry.config.EntryService;
import io.animus.registry.config.history.EntryState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import io.animus.registry.agent.Agent;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.quarkus.panache.common.Sort;

/** Reads and writes of {@code agent_configs}: entries keyed by agent and config_key, readable to whoever may see the agent. */
@ApplicationScoped
public class AgentConfigStore extends EntryService<AgentConfig, Integer, AgentConfigRequest> {

    @Inject
    ConfigReadAccess access;

    /** The filters of the list of agents' settings; null means any. */
    public record Filter(Integer agentId, String configKey) {
    }

    /** The settings that match the filter, of the agents the current user may see, by id. */
    public Page<AgentConfigResponse> list(Filter filter, PageRequest page) {
        boolean all = access.isAdmin();
        return Page.of(AgentConfig.find("(:agentId is null or agent.id = :agentId) and (:configKey is null or configKey = :configKey)"
                + " and (:all = true or agent.id in :visible)", Sort.by("id"), named("agentId", filter.agentId(),
                        "configKey", filter.configKey(), "all", all, "visible", all ? ConfigReadAccess.NONE : access.visibleAgentIds())),
                page, AgentConfigResponse::from);
    }

    @Override
    protected Optional<AgentConfig> byId(Integer id) {
        return AgentConfig.findByIdOptional(id);
    }

    @Override
    protected String absent(Integer id) {
        return "No agent setting has the id " + id;
    }

    @Override
    protected EntryKey keyOfNew(AgentConfigRequest request) {
        return EntryKey.agentConfig(request.agentId(), request.configKey());
    }

    @Override
    protected boolean readable(AgentConfig entry) {
        return access.canSeeAgent(entry.agent.id);
    }

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
