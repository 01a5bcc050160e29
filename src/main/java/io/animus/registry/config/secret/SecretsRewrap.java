package io.animus.registry.config.secret;

import io.animus.registry.config.EntryKey;
import io.animus.registry.config.agent.AgentConfigStore;
import io.animus.registry.config.envvar.EnvVarStore;
import io.animus.registry.config.history.ConfigHistory;
import io.animus.registry.config.scoped.ConfigurationStore;
import io.animus.registry.config.system.SystemConfigStore;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.animus.registry.crypto.SecretsCipher;
import io.animus.registry.event.SecretsRewrapped;

/**
 * Moves every encrypted value (the four tables, the history and the tables of {@link SealedSecrets}) to the current key, so that
 * retired keys can be dropped from {@code ANIMUS_SECRETS_OLD_KEYS}. Values are re-encrypted for
 * the same entry; nothing is shown, no version is recorded (the values do not change), and the
 * rows' {@code updated_at} moves. Values flagged encrypted but stored in plaintext are encrypted.
 */
@ApplicationScoped
public class SecretsRewrap {

    private static final Logger LOG = Logger.getLogger(SecretsRewrap.class);

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

    @Inject
    Event<SecretsRewrapped> rewraps;

    /** The features above that keep encrypted values of their own. */
    @Inject
    Instance<SealedSecrets> others;

    /** Re-encrypts everything in one transaction: all of it, or nothing when one value cannot be opened. */
    @Transactional
    public RewrapReport rewrap() {
        List<RewrapReport.TableCount> counts = new ArrayList<>(List.of(configurations.rewrap(), systemConfig.rewrap(),
                envVars.rewrap(), agentConfigs.rewrap(), history()));
        for (SealedSecrets other : others) {
            counts.add(other.rewrap());
        }
        RewrapReport report = RewrapReport.of(secrets.currentKeyId(), counts);
        LOG.infof("Encrypted values rewrapped under key id %s: %d examined, %d moved from retired keys, %d encrypted from plaintext",
                report.keyId(), report.encrypted(), report.rewrapped(), report.sealed());
        rewraps.fire(new SecretsRewrapped(report.keyId(), report.rewrapped() + report.sealed()));
        return report;
    }

    private RewrapReport.TableCount history() {
        List<ConfigHistory> versions = ConfigHistory
                .find("(oldEncrypted = true and oldValue is not null) or (newEncrypted = true and newValue is not null) order by id")
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        int[] counts = new int[3];
        for (ConfigHistory version : versions) {
            EntryKey key = EntryKey.parse(version.entryKey);
            if (Boolean.TRUE.equals(version.oldEncrypted) && version.oldValue != null) {
                version.oldValue = rewrapped(key, version.oldValue, counts);
            }
            if (Boolean.TRUE.equals(version.newEncrypted) && version.newValue != null) {
                version.newValue = rewrapped(key, version.newValue, counts);
            }
        }
        ConfigHistory.flush();
        return new RewrapReport.TableCount("config_history", counts[0], counts[1], counts[2]);
    }

    private String rewrapped(EntryKey key, String stored, int[] counts) {
        counts[0]++;
        if (secrets.isCurrent(stored)) {
            return stored;
        }
        counts[SecretsCipher.isSealed(stored) ? 1 : 2]++;
        return secrets.resealed(key, stored);
    }
}
