package io.animus.registry.identity.session;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /api/v1/auth/refresh}, and the optional body of {@code POST /api/v1/auth/logout}. */
@RegisterForReflection
public record RefreshRequest(@NotBlank @Size(max = 255) String refreshToken) {

    @Override
    public String toString() {
        return "RefreshRequest[refresh_token=***]";
    }
}
