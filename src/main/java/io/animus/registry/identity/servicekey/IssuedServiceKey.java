package io.animus.registry.identity.servicekey;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to the creation (or rotation) of a service key, the only one that holds the key: the
 * registry keeps its hash alone and cannot show it again.
 */
@RegisterForReflection
public record IssuedServiceKey(
        Integer id,
        String name,
        String role,
        @Schema(nullable = true) Integer toolId,
        @Schema(nullable = true) Integer toolInstanceId,
        @Schema(nullable = true) Integer agentId,
        String key,
        @Schema(nullable = true) Integer createdBy,
        Instant createdAt) {

    static IssuedServiceKey from(ServiceKey stored, String key) {
        return new IssuedServiceKey(stored.id, stored.name, stored.role, stored.toolId, stored.toolInstanceId, stored.agentId,
                key, stored.createdBy == null ? null : stored.createdBy.id, stored.createdAt);
    }
}
