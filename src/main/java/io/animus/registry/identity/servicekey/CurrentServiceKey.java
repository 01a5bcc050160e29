package io.animus.registry.identity.servicekey;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The service key behind the current request, if the request authenticated with one: its id, and for
 * a module key the scope it is bound to.
 */
@RequestScoped
public class CurrentServiceKey {

    @Inject
    SecurityIdentity identity;

    /** The id of the service key the request presented; empty for a user's token or an anonymous call. */
    public Optional<Integer> id() {
        Object id = identity.getAttribute(ServiceKeyIdentityProvider.SERVICE_KEY_ID);
        return id instanceof Integer keyId ? Optional.of(keyId) : Optional.empty();
    }

    /** The module key the request presented, with its bound scope; empty for any other caller. */
    public Optional<ModuleKey> module() {
        Object module = identity.getAttribute(ServiceKeyIdentityProvider.MODULE_KEY);
        return module instanceof ModuleKey key ? Optional.of(key) : Optional.empty();
    }
}
