package io.animus.registry.identity;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A service key as the API lists it: everything but the key, which only its creation shows. */
@RegisterForReflection
public record ServiceKeyResponse(
        Integer id,
        String name,
        String role,
        Integer createdBy,
        Instant createdAt,
        Instant lastUsedAt,
        Instant revokedAt,
        boolean isRevoked) {

    public static ServiceKeyResponse from(ServiceKey key) {
        return new ServiceKeyResponse(key.id, key.name, key.role, key.createdBy == null ? null : key.createdBy.id,
                key.createdAt, key.lastUsedAt, key.revokedAt, key.revoked());
    }
}
