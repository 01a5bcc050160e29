package io.animus.registry.identity;

import java.time.Instant;

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
        Integer toolId,
        Integer toolInstanceId,
        Integer agentId,
        String key,
        Integer createdBy,
        Instant createdAt) {

    static IssuedServiceKey from(ServiceKey stored, String key) {
        return new IssuedServiceKey(stored.id, stored.name, stored.role, stored.toolId, stored.toolInstanceId, stored.agentId,
                key, stored.createdBy == null ? null : stored.createdBy.id, stored.createdAt);
    }
}
