package io.animus.registry.identity.session;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
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
 * <p>
 * Every request also asks {@link TokenVersions} whether the token still stands (its user active, its
 * token version current), so that a deactivation, a role or password change refuses the user's tokens
 * at once, on every replica.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    private record Verified(JsonWebToken token, long expiresAt) {
    }

    @Inject
    MpJwtValidator validator;

    @Inject
    TokenVersions versions;

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
            return standing(identity(hit.token(), request), context);
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
        }).chain(identity -> standing(identity, context));
    }

    /** The identity, when its token still stands; a 401 when its user was deactivated or its version is old. */
    private Uni<SecurityIdentity> standing(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Integer userId = userId(token);
        if (userId == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the access token names no user"));
        }
        int version = version(token);
        TokenVersions.Standing known = versions.cached(userId);
        if (known != null) {
            return known.admits(version) ? Uni.createFrom().item(identity) : refused();
        }
        return context.runBlocking(() -> {
            if (!versions.load(userId).admits(version)) {
                throw new AuthenticationFailedException("the access token was revoked");
            }
            return identity;
        });
    }

    private static Uni<SecurityIdentity> refused() {
        return Uni.createFrom().failure(new AuthenticationFailedException("the access token was revoked"));
    }

    private static Integer userId(JsonWebToken token) {
        try {
            return token.getSubject() == null ? null : Integer.valueOf(token.getSubject());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The token's version claim; a token issued before versions existed counts as version 0. */
    private static int version(JsonWebToken token) {
        Object claim = token.getClaim(AccessTokens.VERSION_CLAIM);
        if (claim instanceof jakarta.json.JsonNumber number) {
            return number.intValue();
        }
        return claim instanceof Number number ? number.intValue() : 0;
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
