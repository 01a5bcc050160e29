package io.animus.registry.identity.user;

import io.animus.registry.identity.Role;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Fails closed on an access token whose {@code groups} name no user role ({@link Role}): it is
 * refused as a credential (401), never read as a viewer. A token that names a user role is read by
 * its most privileged one, and any other group it names grants nothing.
 */
@ApplicationScoped
public class UserRoleGuard implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getPrincipal() instanceof JsonWebToken token && Role.fromGroups(token.getGroups()).isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("The access token names no role of the registry"));
        }
        return Uni.createFrom().item(identity);
    }
}
