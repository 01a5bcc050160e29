package io.animus.registry.version;

import java.util.function.Supplier;

/**
 * Where the versions of one kind of owner are kept: the entity and its table, the column of the
 * owner's id, and the owner's name in a message.
 */
public record VersionTable<R extends VersionRow>(Class<R> rows, String table, String ownerColumn, String owner, Supplier<R> blank) {

    public static final VersionTable<ToolVersion> TOOLS = new VersionTable<>(ToolVersion.class, "tool_versions", "tool_id", "Tool",
            ToolVersion::new);

    public static final VersionTable<PluginVersion> PLUGINS = new VersionTable<>(PluginVersion.class, "plugin_versions", "plugin_id",
            "Plugin", PluginVersion::new);

    /** The entity's name in a query. */
    String entity() {
        return rows.getSimpleName();
    }
}
