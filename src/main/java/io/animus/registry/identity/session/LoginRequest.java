package io.animus.registry.identity.session;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /api/v1/auth/login}. */
@RegisterForReflection
public record LoginRequest(@NotBlank @Size(max = 255) String username, @NotNull @Size(max = 1024) String password) {

    @Override
    public String toString() {
        return "LoginRequest[username=" + username + ", password=***]";
    }
}
