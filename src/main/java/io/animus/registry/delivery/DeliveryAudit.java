package io.animus.registry.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.animus.registry.config.EntryKey;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The reveal audit of delivered secrets: one row in {@code secret_reveals} (purpose {@code delivery})
 * per module key and stored version of a value, whatever the number of polls and replicas. The
 * database keeps it unique; each replica remembers what it has recorded so that a poll that delivers
 * nothing new writes nothing.
 */
@ApplicationScoped
public class DeliveryAudit {

    private static final Logger LOG = Logger.getLogger(DeliveryAudit.class);
    private static final int REMEMBERED = 100_000;
    private static final String INSERT = """
            INSERT INTO secret_reveals (table_name, entry_key, purpose, service_key_id, value_version)
            VALUES (:table, :entry, 'delivery', :key, :version)
            ON CONFLICT (service_key_id, entry_key, value_version) WHERE purpose = 'delivery' DO NOTHING""";

    private record Delivered(int keyId, String entry, String version) {
    }

    @Inject
    EntityManager entityManager;

    private final Set<Delivered> recorded = ConcurrentHashMap.newKeySet();

    /** Whether delivering this stored value to this key still needs its audit row. */
    boolean pending(int keyId, EntryKey entry, String stored) {
        return !recorded.contains(new Delivered(keyId, entry.text(), version(stored)));
    }

    /** Records the delivery of a stored encrypted value to a key, unless it was recorded before. */
    void delivered(int keyId, EntryKey entry, String stored) {
        Delivered delivered = new Delivered(keyId, entry.text(), version(stored));
        if (recorded.contains(delivered)) {
            return;
        }
        int inserted = QuarkusTransaction.joiningExisting().call(() -> entityManager.createNativeQuery(INSERT)
                .setParameter("table", entry.table().label()).setParameter("entry", delivered.entry())
                .setParameter("key", keyId).setParameter("version", delivered.version()).executeUpdate());
        if (inserted > 0) {
            LOG.infof("Secret delivered: entry %s, version %s, to module key %s", delivered.entry(), delivered.version(), keyId);
        }
        if (recorded.size() >= REMEMBERED) {
            recorded.clear();
        }
        recorded.add(delivered);
    }

    /** A short digest of the stored (encrypted) form, which names one version of the value. */
    static String version(String stored) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(stored.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
