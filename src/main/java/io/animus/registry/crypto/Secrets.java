package io.animus.registry.crypto;

import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * The registry's encrypted values: seals plaintext under the current key and opens stored values
 * with whichever configured key sealed them.
 * <p>
 * Built at start, so that a malformed key stops the service with a message naming the setting.
 * Failures to open a value are a {@link SecretsException} that names the entry and the settings to
 * check, never the value.
 */
@Startup
@Singleton
public class Secrets {

    /** What every read shows instead of an encrypted value. */
    public static final String MASK = "********";

    private static final Logger LOG = Logger.getLogger(Secrets.class);

    private final SecretsCipher cipher;
    private final KeyRing ring;

    @Inject
    public Secrets(SecretsConfig config) {
        try {
            this.ring = KeyRing.of(config).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The secrets key settings are invalid: " + e.getMessage());
        }
        this.cipher = ring == null ? null : new SecretsCipher(ring);
        if (ring == null) {
            LOG.info("No secrets key is configured (ANIMUS_SECRETS_KEY): values flagged is_encrypted cannot be written");
        } else {
            LOG.infof("Encrypted values are sealed with key id %s; %d retired key(s) can still open values",
                    ring.currentId(), ring.ids().size() - 1);
        }
    }

    /** Whether a current key is configured. */
    public boolean configured() {
        return cipher != null;
    }

    /** The id of the current key. */
    public String currentKeyId() {
        return requireCipher().currentKeyId();
    }

    /** The ids of every configured key, current first. */
    public Set<String> keyIds() {
        return ring == null ? Set.of() : ring.ids();
    }

    /** The stored form of a plaintext value of the entry {@code entryKey}; null stays null. */
    public String seal(String plaintext, String entryKey) {
        return plaintext == null ? null : requireCipher().encrypt(plaintext, entryKey);
    }

    /**
     * The plaintext of a stored value of the entry {@code entryKey}. A value flagged encrypted but
     * not in the sealed form (written before encryption, or by hand) is returned as stored.
     */
    public String open(String stored, String entryKey) {
        if (stored == null || !SecretsCipher.isSealed(stored)) {
            return stored;
        }
        try {
            return requireCipher().decrypt(stored, entryKey);
        } catch (UndecryptableSecretException e) {
            LOG.warnf("The encrypted value of %s cannot be decrypted: %s", entryKey, e.getMessage());
            throw new UndecryptableSecretException("The encrypted value of " + entryKey
                    + " cannot be decrypted with the configured keys: " + e.getMessage()
                    + ". Check ANIMUS_SECRETS_KEY and ANIMUS_SECRETS_OLD_KEYS.");
        }
    }

    /** Whether a stored value is already sealed under the current key. */
    public boolean isCurrent(String stored) {
        return cipher != null && cipher.isCurrent(stored);
    }

    private SecretsCipher requireCipher() {
        if (cipher == null) {
            throw new NoSecretsKeyException();
        }
        return cipher;
    }
}
