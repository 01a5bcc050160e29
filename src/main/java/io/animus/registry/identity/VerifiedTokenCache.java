package io.animus.registry.identity;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Verifies each access token once: the signature check and claim parsing of a token already seen are
 * skipped until the token expires. A cached entry holds exactly what verifying the same bytes again
 * would give, so nothing about access changes; only the RSA work is saved on every further request.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    private record Verified(JsonWebToken token, long expiresAt) {
    }

    @Inject
    MpJwtValidator validator;

    @ConfigProperty(name = "animus.auth.token-cache.max-entries", defaultValue = "10000")
    int maxEntries;

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Asked before the standard validator, which it calls for tokens it has not seen. Providers are
     * asked highest priority first, and the validator has the default priority ({@code SYSTEM_FIRST + 1}).
     */
    @Override
    public int priority() {
        return IdentityProvider.SYSTEM_FIRST + 100;
    }

    /** Whether this exact token was verified and is held until it expires. */
    boolean holds(String raw) {
        Verified hit = verified.get(raw);
        return hit != null && System.currentTimeMillis() / 1000 < hit.expiresAt();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String raw = request.getToken().getToken();
        Verified hit = verified.get(raw);
        long now = System.currentTimeMillis() / 1000;
        if (hit != null && now < hit.expiresAt()) {
            return Uni.createFrom().item(identity(hit.token(), request));
        }
        return validator.authenticate(request, context).invoke(identity -> {
            if (identity != null && identity.getPrincipal() instanceof JsonWebToken token && token.getExpirationTime() > 0) {
                if (verified.size() >= maxEntries) {
                    verified.entrySet().removeIf(entry -> entry.getValue().expiresAt() <= now);
                    if (verified.size() >= maxEntries) {
                        verified.clear();
                    }
                }
                verified.put(raw, new Verified(token, token.getExpirationTime()));
            }
        });
    }

    private static SecurityIdentity identity(JsonWebToken token, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder().setPrincipal(token)
                .addCredential(request.getToken())
                .addRoles(token.getGroups())
                .addAttribute(SecurityIdentity.USER_ATTRIBUTE, token);
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routingContext != null) {
            builder.addAttribute(RoutingContext.class.getName(), routingContext);
        }
        return builder.build();
    }
}
