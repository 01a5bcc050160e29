package io.animus.registry.config.secret;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.animus.registry.crypto.Secrets;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;

/**
 * Stops a production start that could not read its own encrypted values: encrypted values in the
 * database and no key ({@code ANIMUS_SECRETS_KEY}), or values under key ids that are neither the
 * current key nor an old one. Runs in the packaged service only (the {@code prod} build), after
 * the schema migration.
 */
@ApplicationScoped
@IfBuildProfile("prod")
public class EncryptedValuesCheck {

    private static final Logger LOG = Logger.getLogger(EncryptedValuesCheck.class);

    /**
     * A place where encrypted values are stored: its table, the value's column and the column that flags
     * the value encrypted. Each has a partial index on {@code secret_key_id(value)} (changeset
     * {@code secret-key-ids.sql}).
     */
    private record Stored(String table, String value, String encrypted) {

        /** The distinct key ids here, skipping from one to the next along the index. */
        String keyIds() {
            String keyId = "secret_key_id(" + value + ")";
            String rows = "FROM " + table + " WHERE " + encrypted + " AND " + value + " IS NOT NULL";
            return "(WITH RECURSIVE ids(id) AS (SELECT min(" + keyId + ") " + rows
                    + " UNION ALL SELECT (SELECT min(" + keyId + ") " + rows + " AND " + keyId + " > ids.id)"
                    + " FROM ids WHERE ids.id IS NOT NULL) SELECT id FROM ids WHERE id IS NOT NULL)";
        }
    }

    /**
     * The distinct key ids of the stored encrypted values, {@code ""} standing for plaintext flagged
     * encrypted. Its cost grows with the number of keys, not with the number of values or the length of
     * their history.
     */
    static final String STORED_KEY_IDS = Stream.of(
            new Stored("configurations", "value", "is_encrypted"),
            new Stored("system_config", "config_value", "is_encrypted"),
            new Stored("env_vars", "var_value", "is_encrypted"),
            new Stored("agent_configs", "config_value", "is_encrypted"),
            new Stored("config_history", "old_value", "old_encrypted"),
            new Stored("config_history", "new_value", "new_encrypted"))
            .map(Stored::keyIds).collect(Collectors.joining(" UNION "));

    @Inject
    EntityManager entityManager;

    @Inject
    Secrets secrets;

    void onStart(@Observes StartupEvent event) {
        verify(secrets.configured(), secrets.keyIds(), storedKeyIds(entityManager)).ifPresent(warning -> LOG.warn(warning));
    }

    /** The key ids that stored encrypted values carry ({@link #STORED_KEY_IDS}). */
    static Set<String> storedKeyIds(EntityManager entityManager) {
        @SuppressWarnings("unchecked")
        List<String> ids = entityManager.createNativeQuery(STORED_KEY_IDS).getResultList();
        return new TreeSet<>(ids);
    }

    /**
     * Fails when encrypted values cannot be read with the configured keys.
     *
     * @param keyConfigured whether {@code ANIMUS_SECRETS_KEY} is set
     * @param keyIds the ids of the configured keys
     * @param storedKeyIds the key ids that stored encrypted values carry ({@code ""}: plaintext flagged encrypted)
     * @return a warning to log when values flagged encrypted are stored in plaintext
     * @throws IllegalStateException with the settings to give, when some value cannot be decrypted
     */
    public static Optional<String> verify(boolean keyConfigured, Set<String> keyIds, Set<String> storedKeyIds) {
        Set<String> sealedUnder = new TreeSet<>(storedKeyIds);
        boolean plaintext = sealedUnder.remove("");
        if (!keyConfigured && !sealedUnder.isEmpty()) {
            throw new IllegalStateException("The database holds encrypted values (key id(s) " + sealedUnder + ") but no secrets key "
                    + "is configured: set ANIMUS_SECRETS_KEY (animus.secrets.key) to the base64 key they were encrypted with");
        }
        sealedUnder.removeAll(keyIds);
        if (!sealedUnder.isEmpty()) {
            throw new IllegalStateException("Encrypted values are stored under key id(s) " + sealedUnder + " that are not configured: "
                    + "give that key as ANIMUS_SECRETS_KEY or in ANIMUS_SECRETS_OLD_KEYS (id=base64), then run POST /api/v1/secrets/rewrap");
        }
        return plaintext ? Optional.of("Values flagged is_encrypted are stored in plaintext; POST /api/v1/secrets/rewrap encrypts them")
                : Optional.empty();
    }
}
