package io.animus.registry.identity.servicekey;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A service key as the API lists it: everything but the key, which only its creation shows. A module
 * key names its scope in one of {@code tool_id}, {@code tool_instance_id}, {@code agent_id}.
 */
@RegisterForReflection
public record ServiceKeyResponse(
        Integer id,
        String name,
        String role,
        @Schema(nullable = true) Integer toolId,
        @Schema(nullable = true) Integer toolInstanceId,
        @Schema(nullable = true) Integer agentId,
        @Schema(nullable = true) Integer createdBy,
        Instant createdAt,
        @Schema(nullable = true) Instant lastUsedAt,
        @Schema(nullable = true) Instant revokedAt,
        boolean isRevoked) {

    public static ServiceKeyResponse from(ServiceKey key) {
        return new ServiceKeyResponse(key.id, key.name, key.role, key.toolId, key.toolInstanceId, key.agentId,
                key.createdBy == null ? null : key.createdBy.id, key.createdAt, key.lastUsedAt, key.revokedAt, key.revoked());
    }
}
