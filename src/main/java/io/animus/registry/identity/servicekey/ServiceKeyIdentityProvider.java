package io.animus.registry.identity.servicekey;

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
 * the key's role as the only role, and for a module key its bound scope ({@link CurrentServiceKey}).
 * An unknown or revoked key, or a module key whose scope was deleted, fails authentication (401).
 */
@ApplicationScoped
public class ServiceKeyIdentityProvider implements IdentityProvider<ServiceKeyAuthenticationRequest> {

    /** The identity attribute that holds the id of the service key. */
    public static final String SERVICE_KEY_ID = "animus.service-key-id";
    /** The identity attribute that holds the {@link ModuleKey} of a module key: its bound scope. */
    public static final String MODULE_KEY = "animus.module-key";

    @Inject
    ServiceKeyService keys;

    @Inject
    VerifiedServiceKeys verified;

    @Override
    public Class<ServiceKeyAuthenticationRequest> getRequestType() {
        return ServiceKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ServiceKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        ServiceKeyService.Holder cached = verified.cached(request.key());
        if (cached != null) {
            return Uni.createFrom().item(identity(cached));
        }
        long generation = verified.generation();
        return context.runBlocking(() -> keys.verify(request.key())
                .map(holder -> {
                    verified.remember(request.key(), holder, generation);
                    return identity(holder);
                })
                .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked service key")));
    }

    private static SecurityIdentity identity(ServiceKeyService.Holder holder) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(holder.name()))
                .addRole(holder.role())
                .addAttribute(SERVICE_KEY_ID, holder.id());
        if (holder.module() != null) {
            identity.addAttribute(MODULE_KEY, holder.module());
        }
        return identity.build();
    }
}
