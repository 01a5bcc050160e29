package io.animus.registry.event;

/** Every encrypted value was sealed again under the current secrets key {@code keyId} (its id, never the key); {@code rewrapped} moved. */
public record SecretsRewrapped(String keyId, long rewrapped) {
}
