package io.animus.registry.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body that creates a service key: a name that says which service holds it ({@code broca-1}) and
 * the role it acts in, {@code broca} by default and for now the only one.
 */
@RegisterForReflection
public record ServiceKeyRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "may hold letters, digits, '.', '_' and '-'") String name,
        @Pattern(regexp = Roles.BROCA, message = "must be one of [broca]") String role) {

    String roleOrDefault() {
        return role == null ? Roles.BROCA : role;
    }
}
