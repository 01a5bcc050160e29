package io.animus.registry.console.configuration;

import io.animus.registry.config.agent.AgentConfigResponse;
import io.animus.registry.config.scoped.ConfigurationResponse;
import io.animus.registry.config.envvar.EnvVarResponse;
import io.animus.registry.config.ValueType;
import io.animus.registry.console.Pages;
import io.animus.registry.web.ETags;

/**
 * One entry's line on the configuration page, whatever its table: its name, whom it belongs to, its
 * value (masked when encrypted, unless revealed), the entity tag for its next change, and the filter
 * that lists it alone.
 */
public record EntryRow(String dom, int id, String entryKey, String name, String owner, String ownerLink, ValueType type,
        String value, boolean encrypted, String description, String tag, String revealed, ConfigEntriesPageResource.Filter alone) {

    static EntryRow of(EnvVarResponse entry) {
        return new EntryRow(EntryKind.ENV_VARS.dom(entry.id()), entry.id(), entry.entryKey(), entry.varName(), "", null, ValueType.STRING,
                entry.varValue(), entry.encrypted(), entry.description(), ETags.of(entry.updatedAt()).getValue(), null,
                new ConfigEntriesPageResource.Filter(entry.varName(), null, null));
    }

    static EntryRow of(AgentConfigResponse entry) {
        return new EntryRow(EntryKind.AGENT_CONFIGS.dom(entry.id()), entry.id(), entry.entryKey(), entry.configKey(), "agent #" + entry.agentId(),
                "/agent?id=" + entry.agentId(), entry.configType(), entry.configValue(), entry.encrypted(), null,
                ETags.of(entry.updatedAt()).getValue(), null, new ConfigEntriesPageResource.Filter(entry.configKey(), entry.agentId(), null));
    }

    static EntryRow of(ConfigurationResponse entry) {
        String owner = entry.scope().label() + (entry.scopeId() == null ? "" : " #" + entry.scopeId());
        return new EntryRow(EntryKind.CONFIGURATIONS.dom(entry.id()), entry.id(), entry.entryKey(), entry.key(), owner, null, entry.type(),
                entry.value(), entry.encrypted(), entry.description(), ETags.of(entry.updatedAt()).getValue(), null,
                new ConfigEntriesPageResource.Filter(entry.key(), entry.scopeId(), entry.scope().label()));
    }

    /** The same line showing the plaintext an admin asked to reveal. */
    EntryRow revealing(String plaintext) {
        return new EntryRow(dom, id, entryKey, name, owner, ownerLink, type, value, encrypted, description, tag, plaintext, alone);
    }

    /** This entry's line alone on the page of {@code kind}, with its history below. */
    public String historyHref(EntryKind kind) {
        String list = alone.href(kind);
        return list + (list.contains("?") ? "&" : "?") + "entry=" + Pages.encode(entryKey) + "#history";
    }

    /** The value's type as the forms spell it. */
    public String typeLabel() {
        return type == null ? ValueType.STRING.label() : type.label();
    }
}
