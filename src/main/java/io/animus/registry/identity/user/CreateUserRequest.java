package io.animus.registry.identity.user;

import io.animus.registry.identity.Role;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /api/v1/users}; {@code is_active} defaults to true. */
@RegisterForReflection
public record CreateUserRequest(
        @NotBlank @Size(min = 3, max = 100)
        @Pattern(regexp = UserRules.USERNAME_PATTERN, message = UserRules.USERNAME_MESSAGE) String username,
        @NotBlank @Email @Size(max = 255) String email,
        @NotNull String password,
        @NotNull Role role,
        JsonNode permissions,
        @JsonProperty("is_active") Boolean isActive) {

    @Override
    public String toString() {
        return "CreateUserRequest[username=" + username + ", role=" + role + ", password=***]";
    }
}
