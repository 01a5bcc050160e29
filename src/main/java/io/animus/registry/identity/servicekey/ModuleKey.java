package io.animus.registry.identity.servicekey;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The module key a request authenticated with: the key's id and name and the one scope it is bound
 * to. It is what a module may read, and nothing else.
 */
@RegisterForReflection
public record ModuleKey(int keyId, String name, KeyScope scope, int scopeId) {
}
