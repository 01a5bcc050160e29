package io.animus.registry.identity.user;

import io.animus.registry.identity.Role;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of {@code PATCH /api/v1/users/{id}}: only the fields given change. {@code permissions: null}
 * clears the permissions; a {@code password} sets a new one and ends the user's sessions.
 */
@RegisterForReflection
public record UpdateUserRequest(
        @Email @Size(min = 3, max = 255) String email,
        Role role,
        JsonNode permissions,
        @JsonProperty("is_active") Boolean isActive,
        String password) {

    @Override
    public String toString() {
        return "UpdateUserRequest[role=" + role + ", is_active=" + isActive + ", password=" + (password == null ? "-" : "***") + "]";
    }
}
