package io.animus.registry.identity.user;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.animus.registry.identity.Role;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of {@code POST /api/v1/users/import}: accounts brought from another system with their bcrypt
 * hashes. A username already taken is skipped, or with {@code overwrite} has its email, role and activity
 * replaced; a stored password hash is never replaced.
 */
@RegisterForReflection
public record UserImportRequest(
        @NotNull @Size(max = 10_000) List<@NotNull @Valid Account> users,
        Boolean overwrite) {

    /** One account to import. */
    @RegisterForReflection
    public record Account(
            @NotBlank @Size(min = 3, max = 100)
            @Pattern(regexp = UserRules.USERNAME_PATTERN, message = UserRules.USERNAME_MESSAGE) String username,
            @NotBlank @Email @Size(max = 255) String email,
            @NotNull Role role,
            @JsonProperty("is_active") Boolean isActive,
            @NotBlank String bcryptHash) {

        @Override
        public String toString() {
            return "Account[username=" + username + ", role=" + role + ", bcrypt_hash=***]";
        }
    }
}
