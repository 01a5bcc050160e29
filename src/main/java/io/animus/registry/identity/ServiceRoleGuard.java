package io.animus.registry.identity;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The role {@code broca} is held by service keys alone: an identity that has it without coming from
 * a service key (an access token whose {@code groups} name it) loses it. The registry never issues
 * such a token; this keeps a mistake in token issuing from opening Broca's endpoints to a user.
 */
@ApplicationScoped
public class ServiceRoleGuard implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !identity.hasRole(Roles.BROCA)
                || identity.getAttribute(ServiceKeyIdentityProvider.SERVICE_KEY_ID) != null) {
            return Uni.createFrom().item(identity);
        }
        Set<String> roles = new HashSet<>(identity.getRoles());
        roles.remove(Roles.BROCA);
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(roles)
                .build());
    }
}
