package io.animus.registry.config.history;

import io.animus.registry.config.EntryKey;
import io.animus.registry.config.EntryStore;
import io.animus.registry.config.agent.AgentConfigStore;
import io.animus.registry.config.envvar.EnvVarStore;
import io.animus.registry.config.scoped.ConfigurationStore;
import io.animus.registry.config.secret.SecretValues;
import io.animus.registry.config.system.SystemConfigStore;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.animus.registry.web.ETags;
import io.animus.registry.web.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The rule of a rollback: rolling an entry back to version <i>v</i> makes it what it was right
 * after <i>v</i>, and is itself recorded as the next version (with {@code rolled_back_to = v}).
 * <ul>
 * <li>If <i>v</i> left the entry deleted, the entry is deleted (409 if it already is).</li>
 * <li>If the entry is deleted now, it is created again from <i>v</i>; an agent, tool or user it
 * belonged to must still exist (422).</li>
 * <li>Otherwise its value, type, encryption flag and details become those of <i>v</i>.</li>
 * </ul>
 * Encrypted values are copied from the history without being shown, sealed again under the current
 * key. {@code If-Match} may name the entry's latest version (the {@code ETag} of its history) or,
 * while the entry exists, the entry itself (its own {@code ETag}); anything else is 412.
 */
@ApplicationScoped
public class ConfigRollback {

    @Inject
    ConfigurationStore configurations;

    @Inject
    SystemConfigStore systemConfig;

    @Inject
    EnvVarStore envVars;

    @Inject
    AgentConfigStore agentConfigs;

    @Inject
    SecretValues secrets;

    /** Rolls the entry back and answers the version that did it, in one transaction. */
    @Transactional
    public ConfigHistory rollback(EntryKey key, int version, String ifMatch) {
        return switch (key.table()) {
            case CONFIGURATIONS -> rollback(configurations, key, version, ifMatch);
            case SYSTEM_CONFIG -> rollback(systemConfig, key, version, ifMatch);
            case ENV_VARS -> rollback(envVars, key, version, ifMatch);
            case AGENT_CONFIGS -> rollback(agentConfigs, key, version, ifMatch);
        };
    }

    private <E extends PanacheEntityBase> ConfigHistory rollback(EntryStore<E> store, EntryKey key, int version, String ifMatch) {
        Optional<E> current = store.lockByKey(key);
        ConfigHistory target = ConfigHistory.findVersion(key.text(), version)
                .orElseThrow(() -> ProblemException.notFound("The entry " + key.text() + " has no version " + version));
        ConfigHistory latest = ConfigHistory.findLatest(key.text()).orElseThrow();
        checkIfMatch(ifMatch, latest, current.map(store::updatedAt).orElse(null));
        Optional<EntryState> wanted = target.after().map(state -> state.encrypted()
                ? state.withValue(secrets.resealed(key, state.value()))
                : state);
        if (wanted.isEmpty()) {
            E entry = current.orElseThrow(() -> ProblemException.conflict(
                    "The entry " + key.text() + " is already deleted, as version " + version + " left it"));
            store.delete(entry, version);
        } else if (current.isEmpty()) {
            store.create(key, wanted.get(), version);
        } else {
            store.update(current.get(), wanted.get(), version);
        }
        return ConfigHistory.findLatest(key.text()).orElseThrow();
    }

    private static void checkIfMatch(String ifMatch, ConfigHistory latest, java.time.Instant entryUpdatedAt) {
        try {
            ETags.checkIfMatch(ifMatch, latest.changedAt);
        } catch (ProblemException stale) {
            if (entryUpdatedAt == null) {
                throw stale;
            }
            ETags.checkIfMatch(ifMatch, entryUpdatedAt);
        }
    }
}
