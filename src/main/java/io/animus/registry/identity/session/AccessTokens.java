package io.animus.registry.identity.session;

import io.animus.registry.identity.AuthConfig;
import io.animus.registry.identity.user.User;

import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.jwt.Claims;

import io.smallrye.jwt.build.Jwt;

/**
 * Issues the short-lived access tokens: RS256 JWTs signed with {@code smallrye.jwt.sign.key.location},
 * naming the user ({@code sub} = id, {@code upn} = username), the role ({@code groups}), the
 * session they were issued for ({@code sid}) and the user's token version ({@code ver}).
 */
@Singleton
public class AccessTokens {

    /** The claim that names the session an access token was issued for. */
    public static final String SESSION_CLAIM = "sid";
    /** The claim that carries the user's token version when the token was issued ({@link TokenVersions}). */
    public static final String VERSION_CLAIM = "ver";

    private final AuthConfig config;

    @Inject
    public AccessTokens(AuthConfig config) {
        this.config = config;
    }

    /** A signed access token for {@code user} in the session {@code sessionId}. */
    public String issue(User user, String sessionId) {
        return Jwt.upn(user.username)
                .subject(String.valueOf(user.id))
                .groups(Set.of(user.role.label()))
                .claim(SESSION_CLAIM, sessionId)
                .claim(VERSION_CLAIM, user.tokenVersion)
                .claim(Claims.jti.name(), UUID.randomUUID().toString())
                .expiresIn(config.accessTokenLifespan())
                .sign();
    }

    /** How long a new access token is valid, in seconds. */
    public long lifespanSeconds() {
        return config.accessTokenLifespan().toSeconds();
    }
}
