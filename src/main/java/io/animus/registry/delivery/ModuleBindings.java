package io.animus.registry.delivery;

import io.animus.registry.config.layer.LayerScope;
import io.animus.registry.identity.servicekey.ModuleKey;
import io.animus.registry.identity.servicekey.ServiceKeyIdentityProvider;
import io.animus.registry.web.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

/** The scope of the module key behind a request, as authentication found it: no read of its own. */
final class ModuleBindings {

    private ModuleBindings() {
    }

    static ModuleBinding of(SecurityIdentity identity) {
        if (!(identity.getAttribute(ServiceKeyIdentityProvider.MODULE_KEY) instanceof ModuleKey key)) {
            throw new ProblemException(403, "Only a module key reads a delivered configuration");
        }
        LayerScope scope = switch (key.scope()) {
            case TOOL -> new LayerScope(null, key.scopeId(), null);
            case TOOL_INSTANCE -> new LayerScope(null, null, key.scopeId());
            case AGENT -> new LayerScope(key.scopeId(), null, null);
        };
        return new ModuleBinding(key.keyId(), scope);
    }
}
