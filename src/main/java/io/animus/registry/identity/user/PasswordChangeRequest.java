package io.animus.registry.identity.user;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code PUT /api/v1/users/me/password}: the current password proves the change. */
@RegisterForReflection
public record PasswordChangeRequest(@NotNull @Size(max = 1024) String oldPassword, @NotNull String newPassword) {

    @Override
    public String toString() {
        return "PasswordChangeRequest[***]";
    }
}
