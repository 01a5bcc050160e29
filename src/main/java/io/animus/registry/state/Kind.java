package io.animus.registry.state;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The kinds of entries a state document declares, in the order an apply writes them: what an entry
 * refers to comes before it (users before the agents they may see, tools before their plugins and
 * instances, owners before their settings). Deletes go in the reverse order.
 */
public enum Kind {
    USER("user"),
    AGENT("agent"),
    TOOL("tool"),
    PLUGIN("plugin"),
    TOOL_INSTANCE("tool_instance"),
    CONFIGURATION("configuration"),
    AGENT_SETTING("agent_setting"),
    SYSTEM_SETTING("system_setting"),
    ENV_VAR("env_var");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
