package io.animus.registry.config;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes of {@code system_config}: entries keyed by config_key. */
@ApplicationScoped
public class SystemConfigStore extends EntryStore<SystemConfig> {

    /** The category of a setting that names none. */
    public static final String DEFAULT_CATEGORY = "general";

    @Override
    public ConfigTable table() {
        return ConfigTable.SYSTEM_CONFIG;
    }

    @Override
    public EntryKey keyOf(SystemConfig entry) {
        return EntryKey.systemConfig(entry.configKey);
    }

    @Override
    public EntryState stateOf(SystemConfig entry) {
        ObjectNode details = EntryState.emptyDetails().put("category", entry.category).put("description", entry.description);
        return new EntryState(entry.configValue, entry.configType, entry.encrypted, details);
    }

    @Override
    public Instant updatedAt(SystemConfig entry) {
        return entry.updatedAt;
    }

    @Override
    protected Optional<SystemConfig> findByKey(EntryKey key) {
        return SystemConfig.findByKey(key.name());
    }

    @Override
    protected SystemConfig newEntry(EntryKey key) {
        SystemConfig entry = new SystemConfig();
        entry.configKey = key.name();
        return entry;
    }

    @Override
    protected void assign(SystemConfig entry, EntryState state) {
        entry.configValue = state.value();
        entry.configType = state.type();
        entry.encrypted = state.encrypted();
        String category = text(state.details(), "category");
        entry.category = category == null ? DEFAULT_CATEGORY : category;
        entry.description = text(state.details(), "description");
    }

    @Override
    protected List<SystemConfig> lockEncrypted() {
        return SystemConfig.find("encrypted = true order by id").withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
