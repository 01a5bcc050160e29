package io.animus.registry.crypto;

/**
 * A stored encrypted value that the configured keys cannot open: its key is not configured, the
 * key is wrong, or the value was altered or moved to another entry. The message says which, and
 * never contains the value.
 */
public class UndecryptableSecretException extends SecretsException {

    public UndecryptableSecretException(String reason) {
        super(reason);
    }
}
