package io.animus.registry.identity.user;

import io.animus.registry.identity.Role;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.web.ProblemException;

/** The rules of a user's fields that Bean Validation does not say by itself. */
final class UserRules {

    static final String USERNAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._@-]*";
    static final String USERNAME_MESSAGE = "must start with a letter or digit and hold only letters, digits, '.', '_', '@' and '-'";

    private UserRules() {
    }

    /** {@code permissions} is a JSON object, or absent. */
    static JsonNode permissions(JsonNode permissions) {
        if (permissions == null || permissions.isNull()) {
            return null;
        }
        if (!permissions.isObject()) {
            throw ProblemException.invalid("permissions", "must be a JSON object or null");
        }
        return permissions;
    }

    /** The role named by a query parameter, or null when none is given. */
    static Role roleParameter(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        try {
            return Role.of(label);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("role", e.getMessage());
        }
    }

    /** The boolean named by a query parameter, or null when none is given. */
    static Boolean booleanParameter(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (List.of("true", "false").contains(value)) {
            return Boolean.valueOf(value);
        }
        throw ProblemException.invalid(name, "must be true or false");
    }
}
