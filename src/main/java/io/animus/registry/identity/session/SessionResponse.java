package io.animus.registry.identity.session;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A signed-in session as the API shows it, without its token hash.
 *
 * @param current whether the access token of this request was issued for this session
 */
@RegisterForReflection
public record SessionResponse(
        String id,
        Integer userId,
        @Schema(nullable = true) String ipAddress,
        @Schema(nullable = true) String userAgent,
        Instant createdAt,
        @Schema(nullable = true) Instant refreshedAt,
        Instant expiresAt,
        boolean current) {

    public static SessionResponse from(UserSession session, String currentSessionId) {
        return new SessionResponse(session.id, session.user.id, session.ipAddress, session.userAgent,
                session.createdAt, session.refreshedAt, session.expiresAt, session.id.equals(currentSessionId));
    }
}
