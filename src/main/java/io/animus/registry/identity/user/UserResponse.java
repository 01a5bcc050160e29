package io.animus.registry.identity.user;

import io.animus.registry.identity.Role;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user as the API shows it: everything but the password hash, which has no field here. */
@RegisterForReflection
public record UserResponse(
        Integer id,
        String username,
        String email,
        Role role,
        JsonNode permissions,
        @JsonProperty("is_active") boolean isActive,
        @Schema(nullable = true) Instant lastLogin,
        int failedLoginAttempts,
        @Schema(nullable = true) Instant lockedUntil,
        int lockoutCount,
        Instant createdAt,
        Instant updatedAt) {

    public static UserResponse from(User user) {
        return new UserResponse(user.id, user.username, user.email, user.role, user.permissions, user.active,
                user.lastLogin, user.failedLoginAttempts, user.lockedUntil, user.lockoutCount, user.createdAt,
                user.updatedAt);
    }
}
