package io.animus.registry.identity.servicekey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/**
 * What a module key is bound to: a tool (a global module such as Broca or MCP), a tool instance (an
 * agent's module) or an agent (the agent runtime). Each kind names its row by the column of the same
 * name on {@code service_keys}.
 */
public enum KeyScope implements Labelled {
    TOOL("tool", "tool_id"),
    TOOL_INSTANCE("tool_instance", "tool_instance_id"),
    AGENT("agent", "agent_id");

    private final String label;
    private final String column;

    KeyScope(String label, String column) {
        this.label = label;
        this.column = column;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    /** The request field and column that hold the bound row's id. */
    public String column() {
        return column;
    }

    @JsonCreator
    public static KeyScope of(String label) {
        return Labelled.fromLabel(KeyScope.class, label);
    }
}
