package io.animus.registry.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a valid, unrevoked service key into the identity of its holder: the key's name as principal,
 * the key's role as the only role. An unknown or revoked key fails authentication (401).
 */
@ApplicationScoped
public class ServiceKeyIdentityProvider implements IdentityProvider<ServiceKeyAuthenticationRequest> {

    /** The identity attribute that holds the id of the service key. */
    public static final String SERVICE_KEY_ID = "animus.service-key-id";

    @Inject
    ServiceKeyService keys;

    @Override
    public Class<ServiceKeyAuthenticationRequest> getRequestType() {
        return ServiceKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ServiceKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> keys.verify(request.key())
                .map(holder -> (SecurityIdentity) QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(holder.name()))
                        .addRole(holder.role())
                        .addAttribute(SERVICE_KEY_ID, holder.id())
                        .build())
                .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked service key")));
    }
}
