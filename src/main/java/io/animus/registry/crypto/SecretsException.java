package io.animus.registry.crypto;

/**
 * A value that cannot be sealed or opened because of the service's key configuration, not because of
 * the request. The message names the entry and the settings to check, never a value.
 */
public abstract class SecretsException extends RuntimeException {

    protected SecretsException(String message) {
        super(message, null, false, false);
    }
}
