package io.animus.registry.identity.servicekey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/**
 * What a module key is bound to: a tool (a global module such as Broca or MCP), a tool instance (an
 * agent's module) or an agent (the agent runtime). Each kind names its row by the column of the same
 * name on {@code service_keys}, and the table that holds that row.
 */
public enum KeyScope implements Labelled {
    TOOL("tool", "tool_id", "tools"),
    TOOL_INSTANCE("tool_instance", "tool_instance_id", "tool_instances"),
    AGENT("agent", "agent_id", "agents");

    private final String label;
    private final String column;
    private final String table;

    KeyScope(String label, String column, String table) {
        this.label = label;
        this.column = column;
        this.table = table;
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

    /** The table of the bound row. */
    public String table() {
        return table;
    }

    @JsonCreator
    public static KeyScope of(String label) {
        return Labelled.fromLabel(KeyScope.class, label);
    }
}
