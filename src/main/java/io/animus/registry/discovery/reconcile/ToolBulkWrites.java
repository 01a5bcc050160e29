package io.animus.registry.discovery.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.animus.registry.tool.ModuleScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Discovery's own write path to {@code tools}, beside {@code tool.ToolService}, on purpose: it writes
 * only discovered rows (a hand-made tool is never touched), it alone writes their manifest columns
 * ({@code discovered_from}, {@code manifest_hash}, {@code manifest}, which the entity maps read-only),
 * and it writes ten thousand rows in a few statements in the scan's transaction, where the service
 * writes one row per request. What the service checks on a write, the scan checks before it calls
 * here: the config schema (when the manifest is read), module scope against a master instance, and
 * the instances a new schema rejects; the version the service records, {@link VersionBulkWrites} records.
 */
final class ToolBulkWrites extends BulkStatements {

    /** Values of a tool that a manifest decides. */
    @RegisterForReflection
    record ToolWrite(String name, String description, String emoji, String category, String version, ModuleScope moduleScope,
            String configSchema, String discoveredFrom, String manifestHash, String manifest, String inputSchema) {
    }

    ToolBulkWrites(Connection connection, boolean dry) {
        super(connection, dry);
    }

    /** Inserts the tools, Ready and enabled; answers their ids by name. */
    Map<String, Integer> insert(List<ToolWrite> tools) throws SQLException {
        Map<String, Integer> ids = new HashMap<>();
        if (dry) {
            // ids no row has, so that instances and plugins of a new tool are decided as in a real scan
            int next = -1;
            for (ToolWrite tool : tools) {
                ids.put(tool.name(), next--);
            }
            return ids;
        }
        String sql = "INSERT INTO tools (name, description, emoji, category, module_scope, config_schema, status,"
                + " is_enabled, discovered_from, manifest_hash, manifest, version, version_hash, input_schema)"
                + " SELECT u.name, u.description, u.emoji, u.category, u.module_scope, u.config_schema::jsonb, 'Ready',"
                + " true, u.discovered_from, u.manifest_hash, u.manifest::jsonb, u.version, u.manifest_hash, u.input_schema::jsonb"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[])"
                + " AS u(name, description, emoji, category, module_scope, config_schema, discovered_from, manifest_hash, manifest, version,"
                + " input_schema)"
                + " RETURNING id, name";
        for (List<ToolWrite> chunk : chunks(tools)) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, texts(chunk.stream().map(ToolWrite::name).toList()));
                statement.setArray(2, texts(chunk.stream().map(ToolWrite::description).toList()));
                statement.setArray(3, texts(chunk.stream().map(ToolWrite::emoji).toList()));
                statement.setArray(4, texts(chunk.stream().map(ToolWrite::category).toList()));
                statement.setArray(5, texts(chunk.stream().map(tool -> tool.moduleScope().label()).toList()));
                statement.setArray(6, texts(chunk.stream().map(ToolWrite::configSchema).toList()));
                statement.setArray(7, texts(chunk.stream().map(ToolWrite::discoveredFrom).toList()));
                statement.setArray(8, texts(chunk.stream().map(ToolWrite::manifestHash).toList()));
                statement.setArray(9, texts(chunk.stream().map(ToolWrite::manifest).toList()));
                statement.setArray(10, texts(chunk.stream().map(ToolWrite::version).toList()));
                statement.setArray(11, texts(chunk.stream().map(ToolWrite::inputSchema).toList()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ids.put(rows.getString(2), rows.getInt(1));
                    }
                }
            }
        }
        return ids;
    }

    /**
     * Updates what the manifests decide. A row that discovery had switched Off (its hash NULL) is
     * Ready again; any other status (Healthy, Degraded, an operator's Off) is kept. Emoji and category
     * change only when the manifest names them.
     */
    void update(List<Update<ToolWrite>> updates) throws SQLException {
        batch("UPDATE tools SET description = ?, emoji = COALESCE(?, emoji), category = COALESCE(?, category),"
                + " module_scope = ?, config_schema = ?::jsonb,"
                + " status = CASE WHEN manifest_hash IS NULL THEN 'Ready' ELSE status END,"
                + " discovered_from = ?, manifest_hash = ?, manifest = ?::jsonb, version = ?, version_hash = ?,"
                + " input_schema = ?::jsonb WHERE id = ?", updates, (statement, update) -> {
                    ToolWrite tool = update.write();
                    statement.setString(1, tool.description());
                    statement.setString(2, tool.emoji());
                    statement.setString(3, tool.category());
                    statement.setString(4, tool.moduleScope().label());
                    statement.setString(5, tool.configSchema());
                    statement.setString(6, tool.discoveredFrom());
                    statement.setString(7, tool.manifestHash());
                    statement.setString(8, tool.manifest());
                    statement.setString(9, tool.version());
                    statement.setString(10, tool.manifestHash());
                    statement.setString(11, tool.inputSchema());
                    statement.setInt(12, update.id());
                });
    }

    /** Switches the tools whose manifests have gone Off; their hash NULL says discovery did it. */
    void switchOff(List<Integer> ids) throws SQLException {
        updateAll("UPDATE tools SET status = 'Off', manifest_hash = NULL WHERE id = ANY (?)", ids);
    }
}
