package io.animus.registry.state;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What applying a state document would do: each entry created, changed (field by field) or, with
 * {@code prune}, deleted, and the digest of the registry's state the plan was computed against, which
 * an apply must carry. A secret's value is never shown: {@code {secret: stored}} or {@code {secret: new}}.
 */
@RegisterForReflection
public record StatePlan(
        @Schema(description = "SHA-256 of the registry's exported state (secrets included as stored) the plan was made against") String digest,
        boolean prune,
        Summary summary,
        List<Change> changes) {

    /** How many entries each action touches, and how many the document declares as they are. */
    @RegisterForReflection
    public record Summary(int create, int update, int delete, int unchanged) {
    }

    /** One entry's change. */
    @RegisterForReflection
    public record Change(
            @Schema(enumeration = {"user", "agent", "tool", "plugin", "tool_instance", "configuration", "agent_setting",
                    "system_setting", "env_var"}) Kind kind,
            @Schema(description = "The entry's key among its kind: a name, or a JSON array of names") String key,
            Action action,
            @Schema(description = "The fields that change; for a create every field, for a delete none") List<FieldChange> fields) {
    }

    /** One field of an entry, before and after; null when the entry does not exist on that side. */
    @RegisterForReflection
    public record FieldChange(String field, JsonNode from, JsonNode to) {
    }

    /** What happens to an entry. */
    public enum Action {
        CREATE("create"),
        UPDATE("update"),
        DELETE("delete");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }
    }
}
