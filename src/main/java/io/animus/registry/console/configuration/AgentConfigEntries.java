package io.animus.registry.console.configuration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.animus.registry.config.agent.AgentConfigRequest;
import io.animus.registry.config.agent.AgentConfigResponse;
import io.animus.registry.config.agent.AgentConfigStore;
import io.animus.registry.config.agent.AgentConfigUpdate;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;

/** The configuration page's agent settings, through {@link AgentConfigStore}: owned by an agent, without a description. */
@ApplicationScoped
class AgentConfigEntries implements ConsoleEntries {

    @Inject
    AgentConfigStore agentConfigs;

    @Override
    public EntryKind kind() {
        return EntryKind.AGENT_CONFIGS;
    }

    @Override
    public Page<EntryRow> list(ConfigEntriesPageResource.Filter filter, PageRequest page) {
        return ConsoleEntries.rows(agentConfigs.list(new AgentConfigStore.Filter(filter.owner(), filter.name()), page), EntryRow::of);
    }

    @Override
    public EntryRow find(int id) {
        return EntryRow.of(AgentConfigResponse.from(agentConfigs.get(id)));
    }

    @Override
    public void create(EntryForm form, EntryValue value) {
        agentConfigs.create(new AgentConfigRequest(EntryForm.number("agent_id", form.agentId()), EntryForm.stripped(form.configKey()),
                value.value(), value.type(), value.secret()));
    }

    @Override
    public EntryRow replace(int id, EntryValue value, String ifMatch) {
        return EntryRow.of(AgentConfigResponse.from(agentConfigs.replace(id, new AgentConfigUpdate(value.value(), value.type(),
                value.secret()), ifMatch)));
    }

    @Override
    public EntryRow reveal(int id) {
        var revealed = agentConfigs.reveal(id);
        return EntryRow.of(AgentConfigResponse.from(revealed.entry())).revealing(revealed.plaintext());
    }

    @Override
    public void delete(int id, String ifMatch) {
        agentConfigs.delete(id, ifMatch);
    }
}
