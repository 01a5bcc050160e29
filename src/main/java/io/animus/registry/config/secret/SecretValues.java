package io.animus.registry.config.secret;

import io.animus.registry.config.EntryKey;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.animus.registry.crypto.Secrets;
import io.animus.registry.identity.CurrentUser;

/**
 * Encrypted values of configuration entries: sealing them on write, masking them on read, and
 * revealing them to an admin with an audit row in {@code secret_reveals} and a log line that
 * names the entry and the user, never the value.
 */
@ApplicationScoped
public class SecretValues {

    private static final Logger LOG = Logger.getLogger(SecretValues.class);

    @Inject
    Secrets secrets;

    @Inject
    CurrentUser currentUser;

    @Inject
    SecretPlaintexts plaintexts;

    /** What a read shows of a stored value: the mask when it is encrypted. */
    public static String masked(String stored, boolean encrypted) {
        return encrypted && stored != null ? Secrets.MASK : stored;
    }

    /** The stored form of a value: sealed under the current key when the entry is encrypted. */
    public String stored(EntryKey key, String plaintext, boolean encrypted) {
        return encrypted ? secrets.seal(plaintext, key.text()) : plaintext;
    }

    /** A stored encrypted value sealed again under the current key, bound to the same entry. */
    public String resealed(EntryKey key, String stored) {
        return stored == null ? null : secrets.seal(secrets.open(stored, key.text()), key.text());
    }

    /** The plaintext of a stored value without audit, for re-encryption and rollback only. */
    String opened(EntryKey key, String stored) {
        return secrets.open(stored, key.text());
    }

    /** Whether a stored value is sealed under the current key. */
    public boolean isCurrent(String stored) {
        return secrets.isCurrent(stored);
    }

    public String currentKeyId() {
        return secrets.currentKeyId();
    }

    /**
     * The plaintext of a value for the current user, recorded when it was encrypted.
     * Callers have checked that the user is an admin.
     */
    @Transactional
    public String reveal(EntryKey key, String stored, boolean encrypted, RevealPurpose purpose) {
        if (!encrypted || stored == null) {
            return stored;
        }
        String plaintext = plaintexts.open(key, stored);
        SecretReveal reveal = new SecretReveal();
        reveal.table = key.table();
        reveal.entryKey = key.text();
        reveal.purpose = purpose;
        reveal.revealedBy = currentUser.id();
        reveal.persist();
        LOG.infof("Secret revealed: entry %s, through %s, to user %s (id %s)", key.text(), purpose.label(),
                currentUser.username(), currentUser.id());
        return plaintext;
    }
}
