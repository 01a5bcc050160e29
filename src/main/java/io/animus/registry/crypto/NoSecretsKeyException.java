package io.animus.registry.crypto;

/** An encrypted value to store or read while no secrets key is configured. */
public class NoSecretsKeyException extends SecretsException {

    public NoSecretsKeyException() {
        super("No secrets key is configured: set ANIMUS_SECRETS_KEY (animus.secrets.key) to the base64 of 32 random bytes"
                + " to store or read encrypted values");
    }
}
