package io.animus.registry.config.system;

import io.animus.registry.config.ConfigTable;
import io.animus.registry.config.EntryKey;
import io.animus.registry.config.EntryService;
import io.animus.registry.config.history.EntryState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.quarkus.panache.common.Sort;

/** Reads and writes of {@code system_config}: entries addressed by their config_key. */
@ApplicationScoped
public class SystemConfigStore extends EntryService<SystemConfig, String, SystemConfigRequest> {

    /** The category of a setting that names none. */
    public static final String DEFAULT_CATEGORY = "general";

    /** The settings by key, or those of {@code category} when it is not null. */
    public Page<SystemConfigResponse> list(String category, PageRequest page) {
        return Page.of(SystemConfig.find(":category is null or category = :category", Sort.by("configKey"), named("category", category)),
                page, SystemConfigResponse::from);
    }

    @Override
    protected Optional<SystemConfig> byId(String configKey) {
        return SystemConfig.findByKey(configKey);
    }

    @Override
    protected String absent(String configKey) {
        return "No system setting has the config_key '" + configKey + "'";
    }

    @Override
    protected EntryKey keyOfNew(SystemConfigRequest request) {
        return EntryKey.systemConfig(request.configKey());
    }

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
