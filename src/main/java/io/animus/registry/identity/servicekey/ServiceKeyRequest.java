package io.animus.registry.identity.servicekey;

import io.animus.registry.identity.Roles;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body that creates a service key: a name that says which service holds it ({@code broca-1},
 * {@code mcp-athena}), the role it acts in ({@code broca} by default, or {@code module}), and for a
 * module key the one scope it is bound to: {@code tool_id}, {@code tool_instance_id} or
 * {@code agent_id}.
 */
@RegisterForReflection
public record ServiceKeyRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "may hold letters, digits, '.', '_' and '-'") String name,
        @Pattern(regexp = Roles.BROCA + "|" + Roles.MODULE, message = "must be one of [broca, module]") String role,
        @Positive Integer toolId,
        @Positive Integer toolInstanceId,
        @Positive Integer agentId) {

    String roleOrDefault() {
        return role == null ? Roles.BROCA : role;
    }

    /** The scopes the body names, in the order of {@link KeyScope}. */
    List<KeyScope> scopes() {
        List<KeyScope> scopes = new ArrayList<>();
        if (toolId != null) {
            scopes.add(KeyScope.TOOL);
        }
        if (toolInstanceId != null) {
            scopes.add(KeyScope.TOOL_INSTANCE);
        }
        if (agentId != null) {
            scopes.add(KeyScope.AGENT);
        }
        return scopes;
    }

    Integer scopeId(KeyScope scope) {
        return switch (scope) {
            case TOOL -> toolId;
            case TOOL_INSTANCE -> toolInstanceId;
            case AGENT -> agentId;
        };
    }
}
