package io.animus.registry.config.secret;

import io.animus.registry.config.EntryKey;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.animus.registry.crypto.Secrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Decrypts each stored version of a secret once per replica. A stored value is sealed with a random
 * nonce and bound to its entry, so the pair (entry, stored text) names exactly one version of one
 * value: its plaintext never changes, and a new value, a rotation or a re-encryption is a new pair.
 * The plaintexts stay in this replica's memory, as they would while a request uses them; they are
 * never written anywhere. The counter {@code animus.secrets.decryptions} counts the real decryptions.
 */
@ApplicationScoped
public class SecretPlaintexts {

    private record Version(String entry, String stored) {
    }

    @Inject
    Secrets secrets;

    @ConfigProperty(name = "animus.secrets.plaintext-cache.max-entries", defaultValue = "10000")
    int maxEntries;

    private final ConcurrentHashMap<Version, String> plaintexts = new ConcurrentHashMap<>();
    private final Counter decryptions;

    @Inject
    public SecretPlaintexts(MeterRegistry registry) {
        decryptions = Counter.builder("animus.secrets.decryptions")
                .description("Encrypted values decrypted (each stored version once per replica)").register(registry);
    }

    /** The plaintext of a stored encrypted value of an entry; null stays null. */
    public String open(EntryKey key, String stored) {
        if (stored == null) {
            return null;
        }
        Version version = new Version(key.text(), stored);
        String plaintext = plaintexts.get(version);
        if (plaintext != null) {
            return plaintext;
        }
        plaintext = secrets.open(stored, key.text());
        decryptions.increment();
        if (plaintexts.size() >= maxEntries) {
            plaintexts.clear();
        }
        plaintexts.put(version, plaintext);
        return plaintext;
    }
}
