package io.animus.registry.console.auth;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.animus.registry.console.ConsoleConfig;
import io.animus.registry.identity.session.AccessTokens;
import io.animus.registry.identity.session.Authenticator;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates the web console's requests by their cookies, with the API's own accounts and sessions:
 * the access cookie is verified like a bearer token (same keys, same identity), and is honoured only
 * while the session of the session cookie is live, so that sign-out and a revoked session end the
 * console at once. An expired or missing access token is renewed from the live session. API paths are
 * left to the bearer and service-key mechanisms: the API never reads a cookie.
 */
@ApplicationScoped
public class ConsoleAuthenticationMechanism implements HttpAuthenticationMechanism {

    @Inject
    Authenticator authenticator;

    @Inject
    ConsoleConfig config;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!ConsolePaths.isConsole(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        Cookie session = context.request().getCookie(ConsoleCookies.SESSION);
        if (session == null || session.getValue().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        Cookie access = context.request().getCookie(ConsoleCookies.ACCESS);
        Uni<SecurityIdentity> verified = access == null || access.getValue().isEmpty() ? Uni.createFrom().nullItem()
                : verify(context, identities, access.getValue()).onFailure().recoverWithNull();
        return verified.chain(identity -> Uni.createFrom()
                .item(() -> decide(identity, session.getValue()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(decision -> {
                    if (decision.live()) {
                        return Uni.createFrom().item(identity);
                    }
                    if (decision.renewed().isPresent()) {
                        String token = decision.renewed().get();
                        ConsoleCookies.renewed(context.request(), context.response(), config.secureCookies(), token);
                        return verify(context, identities, token);
                    }
                    ConsoleCookies.cleared(context.request(), context.response(), config.secureCookies());
                    return Uni.createFrom().nullItem();
                }));
    }

    /** Keeps a verified identity whose session is live; otherwise renews the access token from the session. */
    private Decision decide(SecurityIdentity identity, String refreshToken) {
        if (identity != null && identity.getPrincipal() instanceof JsonWebToken token) {
            Object sid = token.getClaim(AccessTokens.SESSION_CLAIM);
            String sessionId = sid instanceof JsonString json ? json.getString() : sid == null ? null : sid.toString();
            if (sessionId != null && authenticator.isLive(sessionId, refreshToken)) {
                return new Decision(true, Optional.empty());
            }
        }
        return new Decision(false, authenticator.renew(refreshToken));
    }

    private static Uni<SecurityIdentity> verify(RoutingContext context, IdentityProviderManager identities, String token) {
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new TokenAuthenticationRequest(new JsonWebTokenCredential(token)), context));
    }

    /** No challenge: the console's pages send an anonymous visitor to the sign-in page themselves. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE, ConsoleCookies.ACCESS));
    }

    /** After the service keys, before the bearer tokens (1000). */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 50;
    }

    private record Decision(boolean live, Optional<String> renewed) {
    }
}
