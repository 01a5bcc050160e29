package io.animus.registry.discovery.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Discovery's own write path to {@code plugins}, beside {@code plugin.PluginService}, on purpose: it
 * writes only discovered plugins (a hand-made one is never touched, nor is the operator's
 * {@code is_enabled}), it alone writes their manifest columns, and it writes them in a few statements
 * in the scan's transaction, where the service writes one row per request. The scan holds what it
 * writes to the service's {@code plugin.PluginRules} first, on plain values; the version the service
 * records, {@link VersionBulkWrites} records.
 */
final class PluginBulkWrites extends BulkStatements {

    /** Values of a plugin that its manifest decides; {@code dependencies} as JSON. */
    @RegisterForReflection
    record PluginWrite(int toolId, String name, String version, String dependencies, String discoveredFrom,
            String manifestHash, String manifest) {
    }

    PluginBulkWrites(Connection connection, boolean dry) {
        super(connection, dry);
    }

    /** Inserts the plugins, Active and enabled. */
    void insert(List<PluginWrite> plugins) throws SQLException {
        if (dry) {
            return;
        }
        String sql = "INSERT INTO plugins (tool_id, name, version, status, dependencies, is_enabled, discovered_from, manifest_hash,"
                + " manifest, version_hash)"
                + " SELECT u.tool_id, u.name, u.version, 'Active', u.dependencies::jsonb, true, u.discovered_from,"
                + " u.manifest_hash, u.manifest::jsonb, u.manifest_hash"
                + " FROM unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " AS u(tool_id, name, version, dependencies, discovered_from, manifest_hash, manifest)";
        for (List<PluginWrite> chunk : chunks(plugins)) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, integers(chunk.stream().map(PluginWrite::toolId).toList()));
                statement.setArray(2, texts(chunk.stream().map(PluginWrite::name).toList()));
                statement.setArray(3, texts(chunk.stream().map(PluginWrite::version).toList()));
                statement.setArray(4, texts(chunk.stream().map(PluginWrite::dependencies).toList()));
                statement.setArray(5, texts(chunk.stream().map(PluginWrite::discoveredFrom).toList()));
                statement.setArray(6, texts(chunk.stream().map(PluginWrite::manifestHash).toList()));
                statement.setArray(7, texts(chunk.stream().map(PluginWrite::manifest).toList()));
                statement.executeUpdate();
            }
        }
    }

    /** Updates what the manifests decide; a plugin that discovery had made Inactive is Active again; is_enabled is the operator's. */
    void update(List<Update<PluginWrite>> updates) throws SQLException {
        batch("UPDATE plugins SET version = ?, dependencies = ?::jsonb,"
                + " status = CASE WHEN manifest_hash IS NULL THEN 'Active' ELSE status END,"
                + " discovered_from = ?, manifest_hash = ?, manifest = ?::jsonb, version_hash = ? WHERE id = ?",
                updates, (statement, update) -> {
                    PluginWrite plugin = update.write();
                    statement.setString(1, plugin.version());
                    statement.setString(2, plugin.dependencies());
                    statement.setString(3, plugin.discoveredFrom());
                    statement.setString(4, plugin.manifestHash());
                    statement.setString(5, plugin.manifest());
                    statement.setString(6, plugin.manifestHash());
                    statement.setInt(7, update.id());
                });
    }

    /** Makes the plugins whose manifests have gone Inactive; their hash NULL says discovery did it. */
    void switchOff(List<Integer> ids) throws SQLException {
        updateAll("UPDATE plugins SET status = 'Inactive', manifest_hash = NULL WHERE id = ANY (?)", ids);
    }
}
