package io.animus.registry.discovery.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Discovery's own write path to {@code tool_versions} and {@code plugin_versions}, beside
 * {@code version.VersionRecorder}, on purpose: the rows it writes are the versions a discovery run
 * found (source {@code discovery}, the run's id), copied in one statement per table from the rows the
 * scan has just written, so that no manifest body passes through the scan's memory. It stays here,
 * not with {@code version}, because its statements read {@code tools} and {@code plugins}, which
 * {@code version} sits below.
 */
final class VersionBulkWrites extends BulkStatements {

    /** A version row that repeats the version string of an earlier row of the same tool or plugin with another body. */
    @RegisterForReflection
    record VersionConflict(String path, String kind, String name, String version, long id, long conflictsWith) {
    }

    VersionBulkWrites(Connection connection, boolean dry) {
        super(connection, dry);
    }

    /**
     * Records, as versions found by run {@code runId}, the definitions of discovered tools that are
     * current and not recorded yet (by tool, version string and manifest hash): one statement that
     * copies the manifests from the tools themselves.
     * {@code invalidInstances} gives, by tool id, the JSON of the instances the tool's new schema rejects.
     * Answers the rows that repeat an earlier version string with another body.
     */
    List<VersionConflict> insertToolVersions(long runId, Map<Integer, String> invalidInstances) throws SQLException {
        List<Integer> ids = new ArrayList<>(invalidInstances.keySet());
        return insertVersions("WITH recorded AS (INSERT INTO tool_versions (tool_id, version, manifest_hash, manifest, config_schema,"
                + " source, discovered_from, discovery_run_id, conflicts_with, invalid_instances, input_schema)"
                + " SELECT t.id, t.version, t.manifest_hash, t.manifest, t.config_schema, 'discovery', t.discovered_from, ?,"
                + " (SELECT max(v.id) FROM tool_versions v WHERE v.tool_id = t.id AND v.version = t.version"
                + " AND v.manifest_hash <> t.manifest_hash), inv.invalid::jsonb, t.input_schema"
                + " FROM tools t LEFT JOIN unnest(?::int[], ?::text[]) AS inv(tool_id, invalid) ON inv.tool_id = t.id"
                + " WHERE t.manifest_hash IS NOT NULL AND t.version_hash = t.manifest_hash AND NOT EXISTS (SELECT 1 FROM tool_versions v"
                + " WHERE v.tool_id = t.id AND COALESCE(v.version, '') = COALESCE(t.version, '') AND v.manifest_hash = t.manifest_hash)"
                + " RETURNING id, tool_id, discovered_from, version, conflicts_with)"
                + " SELECT r.discovered_from, 'tool', t.name, r.version, r.id, r.conflicts_with FROM recorded r JOIN tools t ON t.id = r.tool_id"
                + " WHERE r.conflicts_with IS NOT NULL", runId, statement -> {
                    statement.setArray(2, integers(ids));
                    statement.setArray(3, texts(ids.stream().map(invalidInstances::get).toList()));
                });
    }

    /** As {@link #insertToolVersions} for plugins; a plugin version's {@code config_schema} is its manifest's, when it has one. */
    List<VersionConflict> insertPluginVersions(long runId) throws SQLException {
        return insertVersions("WITH recorded AS (INSERT INTO plugin_versions (plugin_id, version, manifest_hash, manifest, config_schema,"
                + " source, discovered_from, discovery_run_id, conflicts_with)"
                + " SELECT p.id, p.version, p.manifest_hash, p.manifest, p.manifest -> 'config_schema', 'discovery', p.discovered_from, ?,"
                + " (SELECT max(v.id) FROM plugin_versions v WHERE v.plugin_id = p.id AND v.version = p.version"
                + " AND v.manifest_hash <> p.manifest_hash)"
                + " FROM plugins p"
                + " WHERE p.manifest_hash IS NOT NULL AND p.version_hash = p.manifest_hash AND NOT EXISTS (SELECT 1 FROM plugin_versions v"
                + " WHERE v.plugin_id = p.id AND COALESCE(v.version, '') = COALESCE(p.version, '') AND v.manifest_hash = p.manifest_hash)"
                + " RETURNING id, plugin_id, discovered_from, version, conflicts_with)"
                + " SELECT r.discovered_from, 'plugin', p.name, r.version, r.id, r.conflicts_with FROM recorded r"
                + " JOIN plugins p ON p.id = r.plugin_id WHERE r.conflicts_with IS NOT NULL", runId, statement -> {
                });
    }

    private interface MoreParameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private List<VersionConflict> insertVersions(String sql, long runId, MoreParameters more) throws SQLException {
        List<VersionConflict> conflicts = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, runId);
            more.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    conflicts.add(new VersionConflict(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getLong(5), rows.getLong(6)));
                }
            }
        }
        return conflicts;
    }
}
