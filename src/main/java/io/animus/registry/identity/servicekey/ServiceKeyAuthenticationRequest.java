package io.animus.registry.identity.servicekey;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A service key presented by a request, for {@link ServiceKeyIdentityProvider} to verify. */
public class ServiceKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public ServiceKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
