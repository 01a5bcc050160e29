package io.animus.registry.event;

/** A service key was rotated: it is revoked, and a successor of the same name, role and scope was issued. */
public record ServiceKeyRotated(int keyId, String name, String role) {
}
