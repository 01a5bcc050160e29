package io.animus.registry.identity.servicekey;

import io.animus.registry.identity.Roles;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The roles {@code broca} and {@code module} are held by service keys alone: an identity that has one
 * without coming from a service key (an access token whose {@code groups} name it) loses it. The
 * registry never issues such a token; this keeps a mistake in token issuing from opening Broca's or a
 * module's endpoints to a user.
 */
@ApplicationScoped
public class ServiceRoleGuard implements SecurityIdentityAugmentor {

    /** The roles only service keys hold. */
    static final Set<String> SERVICE_ROLES = Set.of(Roles.BROCA, Roles.MODULE);

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || SERVICE_ROLES.stream().noneMatch(identity::hasRole)
                || identity.getAttribute(ServiceKeyIdentityProvider.SERVICE_KEY_ID) != null) {
            return Uni.createFrom().item(identity);
        }
        Set<String> roles = new HashSet<>(identity.getRoles());
        roles.removeAll(SERVICE_ROLES);
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(roles)
                .build());
    }
}
