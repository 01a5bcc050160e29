package io.animus.registry.identity.session;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer of a login or a refresh.
 *
 * @param expiresIn seconds until the access token expires
 * @param refreshToken the session's new refresh token, valid for one refresh
 */
@RegisterForReflection
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken) {

    public static TokenResponse bearer(String accessToken, long expiresIn, String refreshToken) {
        return new TokenResponse(accessToken, "Bearer", expiresIn, refreshToken);
    }

    @Override
    public String toString() {
        return "TokenResponse[token_type=" + tokenType + ", expires_in=" + expiresIn + "]";
    }
}
