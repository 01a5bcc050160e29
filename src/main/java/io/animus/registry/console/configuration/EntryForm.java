package io.animus.registry.console.configuration;

import jakarta.ws.rs.FormParam;

import io.animus.registry.web.ProblemException;

/**
 * The form that adds an entry, whatever its kind: each kind reads the fields of its own name and owner
 * (an environment variable's {@code var_name}; an agent setting's {@code agent_id} and {@code config_key};
 * a scoped configuration's {@code scope}, {@code scope_id} and {@code key}), all read the value's fields.
 */
public record EntryForm(
        @FormParam("var_name") String varName,
        @FormParam("config_key") String configKey,
        @FormParam("key") String key,
        @FormParam("agent_id") String agentId,
        @FormParam("scope") String scope,
        @FormParam("scope_id") String scopeId,
        @FormParam("type") String type,
        @FormParam("value") String value,
        @FormParam("flag") String flag,
        @FormParam("is_encrypted") String encrypted,
        @FormParam("description") String description) {

    /** The value the form sent for an entry of {@code kind}. */
    EntryValue valueOf(EntryKind kind) {
        return EntryValue.of(kind, type, value, flag, encrypted, description);
    }

    /** A typed name without the spaces around it. */
    static String stripped(String name) {
        return name == null ? null : name.strip();
    }

    /** A typed id: null when left empty, 422 on {@code field} when it is not a whole number. */
    static Integer number(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(field, "must be a whole number");
        }
    }
}
