package io.animus.registry.config.secret;

/**
 * Encrypted values that a feature above configuration keeps in a table of its own (the Letta link's
 * password): {@link SecretsRewrap} calls every such bean in its transaction, so that one rewrap moves
 * every encrypted value of the registry to the current key.
 */
public interface SealedSecrets {

    /** Seals every value of the table under the current key, and counts what it did. */
    RewrapReport.TableCount rewrap();
}
