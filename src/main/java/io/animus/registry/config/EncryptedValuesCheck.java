package io.animus.registry.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

    /** Stored encrypted values by the key id they carry; the empty id counts plaintext values flagged encrypted. */
    private static final String COUNT_BY_KEY_ID = """
            SELECT CASE WHEN v LIKE 'enc:v1:%' THEN split_part(v, ':', 3) ELSE '' END AS key_id, count(*)
            FROM (SELECT value AS v FROM configurations WHERE is_encrypted
                  UNION ALL SELECT config_value FROM system_config WHERE is_encrypted
                  UNION ALL SELECT var_value FROM env_vars WHERE is_encrypted
                  UNION ALL SELECT config_value FROM agent_configs WHERE is_encrypted
                  UNION ALL SELECT old_value FROM config_history WHERE old_encrypted
                  UNION ALL SELECT new_value FROM config_history WHERE new_encrypted) AS stored
            WHERE v IS NOT NULL
            GROUP BY 1""";

    @Inject
    EntityManager entityManager;

    @Inject
    Secrets secrets;

    void onStart(@Observes StartupEvent event) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(COUNT_BY_KEY_ID).getResultList();
        Map<String, Long> byKeyId = new TreeMap<>();
        for (Object[] row : rows) {
            byKeyId.put((String) row[0], ((Number) row[1]).longValue());
        }
        verify(secrets.configured(), secrets.keyIds(), byKeyId).ifPresent(warning -> LOG.warn(warning));
    }

    /**
     * Fails when encrypted values cannot be read with the configured keys.
     *
     * @param keyConfigured whether {@code ANIMUS_SECRETS_KEY} is set
     * @param keyIds the ids of the configured keys
     * @param storedByKeyId how many stored encrypted values carry each key id ({@code ""}: plaintext flagged encrypted)
     * @return a warning to log when values flagged encrypted are stored in plaintext
     * @throws IllegalStateException with the settings to give, when some value cannot be decrypted
     */
    public static java.util.Optional<String> verify(boolean keyConfigured, Set<String> keyIds, Map<String, Long> storedByKeyId) {
        long sealed = storedByKeyId.entrySet().stream().filter(e -> !e.getKey().isEmpty()).mapToLong(Map.Entry::getValue).sum();
        if (!keyConfigured && sealed > 0) {
            throw new IllegalStateException("The database holds " + sealed + " encrypted value(s) but no secrets key is configured: "
                    + "set ANIMUS_SECRETS_KEY (animus.secrets.key) to the base64 key they were encrypted with");
        }
        Map<String, Long> unknown = new TreeMap<>();
        storedByKeyId.forEach((id, count) -> {
            if (!id.isEmpty() && !keyIds.contains(id)) {
                unknown.put(id, count);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("Encrypted values are stored under key id(s) " + unknown.keySet() + " ("
                    + unknown.values().stream().mapToLong(Long::longValue).sum() + " value(s)) that are not configured: give that key as "
                    + "ANIMUS_SECRETS_KEY or in ANIMUS_SECRETS_OLD_KEYS (id=base64), then run POST /api/v1/secrets/rewrap");
        }
        long plaintext = storedByKeyId.getOrDefault("", 0L);
        return plaintext == 0 ? java.util.Optional.empty()
                : java.util.Optional.of(plaintext + " value(s) flagged is_encrypted are stored in plaintext; "
                        + "POST /api/v1/secrets/rewrap encrypts them");
    }
}
