package io.animus.registry.config;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes of {@code env_vars}: entries keyed by var_name, all of type string. */
@ApplicationScoped
public class EnvVarStore extends EntryStore<EnvVar> {

    @Override
    public ConfigTable table() {
        return ConfigTable.ENV_VARS;
    }

    @Override
    public EntryKey keyOf(EnvVar entry) {
        return EntryKey.envVar(entry.varName);
    }

    @Override
    public EntryState stateOf(EnvVar entry) {
        ObjectNode details = EntryState.emptyDetails().put("description", entry.description);
        return new EntryState(entry.varValue, ValueType.STRING, entry.encrypted, details);
    }

    @Override
    public Instant updatedAt(EnvVar entry) {
        return entry.updatedAt;
    }

    @Override
    protected Optional<EnvVar> findByKey(EntryKey key) {
        return EnvVar.findByName(key.name());
    }

    @Override
    protected EnvVar newEntry(EntryKey key) {
        EnvVar entry = new EnvVar();
        entry.varName = key.name();
        return entry;
    }

    @Override
    protected void assign(EnvVar entry, EntryState state) {
        entry.varValue = state.value();
        entry.encrypted = state.encrypted();
        entry.description = text(state.details(), "description");
    }

    @Override
    protected List<EnvVar> lockEncrypted() {
        return EnvVar.find("encrypted = true order by id").withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
