package io.animus.registry.identity.servicekey;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates services such as Broca by API key, beside the bearer access tokens of users: the key
 * comes as {@code Authorization: ApiKey <key>} or as {@code X-Api-Key: <key>}.
 * <p>
 * Quarkus asks every mechanism in turn, by descending priority, until one answers an identity. This
 * one answers "no identity" (a null item) when the request carries no key, so that the bearer token
 * mechanism runs next; a request with an {@code ApiKey} authorization carries no bearer token, so the
 * bearer mechanism has nothing to read in it either. A key that is presented but unknown or revoked
 * fails the authentication (401) rather than falling through to anonymous access.
 */
@ApplicationScoped
public class ServiceKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** The authorization scheme of service keys. */
    public static final String SCHEME = "ApiKey";
    /** The header that may carry the key instead of {@code Authorization}. */
    public static final String HEADER = "X-Api-Key";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = presentedKey(context);
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ServiceKeyAuthenticationRequest(key), context));
    }

    /** The key of the request: from {@code Authorization: ApiKey ...}, else from {@code X-Api-Key}; null when there is none. */
    static String presentedKey(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.length() > SCHEME.length()
                && authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            return authorization.substring(SCHEME.length() + 1).strip();
        }
        String header = context.request().getHeader(HEADER);
        return header == null || header.isBlank() ? null : header.strip();
    }

    /** No challenge of its own: an unauthenticated request is answered with the bearer challenge. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ServiceKeyAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME.toLowerCase(), SCHEME));
    }

    /** Before the bearer mechanism (1000): it costs nothing when no key is presented. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
