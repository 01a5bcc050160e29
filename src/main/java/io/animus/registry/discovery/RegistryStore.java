package io.animus.registry.discovery;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.animus.registry.discovery.RegistrySnapshot.AgentRow;
import io.animus.registry.discovery.RegistrySnapshot.InstanceRow;
import io.animus.registry.discovery.RegistrySnapshot.PluginRow;
import io.animus.registry.discovery.RegistrySnapshot.ToolRow;
import io.animus.registry.tool.ModuleScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The SQL of discovery, on the connection of the scan's transaction: bulk reads (one query per
 * table) and bulk writes (one multi-row insert per chunk, batched updates, one update per switch-off
 * list), so that reconciling ten thousand manifests costs a handful of round trips, not thousands.
 */
final class RegistryStore {

    /** Rows per multi-row insert, so that one statement's parameters stay a reasonable size. */
    private static final int CHUNK = 500;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Values of a tool that a manifest decides. */
    @RegisterForReflection
    record ToolWrite(String name, String description, String emoji, String category, String version, ModuleScope moduleScope,
            String configSchema, String discoveredFrom, String manifestHash, String manifest) {
    }

    @RegisterForReflection
    record InstanceWrite(int toolId, int agentId, String name, String discoveredFrom, String manifestHash, String manifest) {
    }

    @RegisterForReflection
    record PluginWrite(int toolId, String name, String version, String dependencies, String discoveredFrom,
            String manifestHash, String manifest) {
    }

    @RegisterForReflection
    record Update<W>(int id, W write) {
    }

    private final Connection connection;

    RegistryStore(Connection connection) {
        this.connection = connection;
    }

    RegistrySnapshot load() throws SQLException {
        List<ToolRow> tools = new ArrayList<>();
        query("SELECT id, name, module_scope, discovered_from, manifest_hash FROM tools", rows -> tools.add(new ToolRow(
                rows.getInt(1), rows.getString(2), ModuleScope.of(rows.getString(3)), rows.getString(4), rows.getString(5))));
        List<InstanceRow> instances = new ArrayList<>();
        query("SELECT i.id, i.tool_id, i.agent_id, i.discovered_from, i.manifest_hash FROM tool_instances i"
                + " JOIN tools t ON t.id = i.tool_id WHERE t.discovered_from IS NOT NULL OR i.discovered_from IS NOT NULL",
                rows -> instances.add(new InstanceRow(rows.getInt(1), rows.getInt(2), (Integer) rows.getObject(3),
                        rows.getString(4), rows.getString(5))));
        List<PluginRow> plugins = new ArrayList<>();
        query("SELECT id, tool_id, name, is_enabled, dependencies::text, discovered_from, manifest_hash FROM plugins",
                rows -> plugins.add(new PluginRow(rows.getInt(1), rows.getInt(2), rows.getString(3), rows.getBoolean(4),
                        names(rows.getString(5)), rows.getString(6), rows.getString(7))));
        List<AgentRow> agents = new ArrayList<>();
        query("SELECT id, name, letta_uid FROM agents",
                rows -> agents.add(new AgentRow(rows.getInt(1), rows.getString(2), rows.getString(3))));
        return new RegistrySnapshot(tools, instances, plugins, agents);
    }

    /** The manifest hashes of tools and instances, whose config schemas were checked when they were stored. */
    static Set<String> knownToolHashes(Connection connection) throws SQLException {
        Set<String> hashes = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT manifest_hash FROM tools WHERE manifest_hash IS NOT NULL"
                        + " UNION SELECT manifest_hash FROM tool_instances WHERE manifest_hash IS NOT NULL");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                hashes.add(rows.getString(1));
            }
        }
        return hashes;
    }

    /** Inserts the tools; answers their ids by name. */
    Map<String, Integer> insertTools(List<ToolWrite> tools) throws SQLException {
        Map<String, Integer> ids = new HashMap<>();
        String sql = "INSERT INTO tools (name, description, emoji, category, module_scope, config_schema, status,"
                + " is_enabled, discovered_from, manifest_hash, manifest, version, version_hash)"
                + " SELECT u.name, u.description, u.emoji, u.category, u.module_scope, u.config_schema::jsonb, 'Ready',"
                + " true, u.discovered_from, u.manifest_hash, u.manifest::jsonb, u.version, u.manifest_hash"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " AS u(name, description, emoji, category, module_scope, config_schema, discovered_from, manifest_hash, manifest, version)"
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
    void updateTools(List<Update<ToolWrite>> updates) throws SQLException {
        batch("UPDATE tools SET description = ?, emoji = COALESCE(?, emoji), category = COALESCE(?, category),"
                + " module_scope = ?, config_schema = ?::jsonb,"
                + " status = CASE WHEN manifest_hash IS NULL THEN 'Ready' ELSE status END,"
                + " discovered_from = ?, manifest_hash = ?, manifest = ?::jsonb, version = ?, version_hash = ?"
                + " WHERE id = ?", updates, (statement, update) -> {
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
                    statement.setInt(11, update.id());
                });
    }

    void switchOffTools(List<Integer> ids) throws SQLException {
        updateAll("UPDATE tools SET status = 'Off', manifest_hash = NULL WHERE id = ANY (?)", ids);
    }

    void insertInstances(List<InstanceWrite> instances) throws SQLException {
        String sql = "INSERT INTO tool_instances (tool_id, agent_id, name, status, is_active, discovered_from, manifest_hash, manifest)"
                + " SELECT u.tool_id, u.agent_id, u.name, 'Ready', true, u.discovered_from, u.manifest_hash, u.manifest::jsonb"
                + " FROM unnest(?::int[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " AS u(tool_id, agent_id, name, discovered_from, manifest_hash, manifest)";
        for (List<InstanceWrite> chunk : chunks(instances)) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, integers(chunk.stream().map(InstanceWrite::toolId).toList()));
                statement.setArray(2, integers(chunk.stream().map(InstanceWrite::agentId).toList()));
                statement.setArray(3, texts(chunk.stream().map(InstanceWrite::name).toList()));
                statement.setArray(4, texts(chunk.stream().map(InstanceWrite::discoveredFrom).toList()));
                statement.setArray(5, texts(chunk.stream().map(InstanceWrite::manifestHash).toList()));
                statement.setArray(6, texts(chunk.stream().map(InstanceWrite::manifest).toList()));
                statement.executeUpdate();
            }
        }
    }

    void updateInstances(List<Update<InstanceWrite>> updates) throws SQLException {
        batch("UPDATE tool_instances SET name = ?, status = CASE WHEN manifest_hash IS NULL THEN 'Ready' ELSE status END,"
                + " discovered_from = ?, manifest_hash = ?, manifest = ?::jsonb WHERE id = ?", updates, (statement, update) -> {
                    InstanceWrite instance = update.write();
                    statement.setString(1, instance.name());
                    statement.setString(2, instance.discoveredFrom());
                    statement.setString(3, instance.manifestHash());
                    statement.setString(4, instance.manifest());
                    statement.setInt(5, update.id());
                });
    }

    void switchOffInstances(List<Integer> ids) throws SQLException {
        updateAll("UPDATE tool_instances SET status = 'Off', manifest_hash = NULL WHERE id = ANY (?)", ids);
    }

    void insertPlugins(List<PluginWrite> plugins) throws SQLException {
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
    void updatePlugins(List<Update<PluginWrite>> updates) throws SQLException {
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

    void switchOffPlugins(List<Integer> ids) throws SQLException {
        updateAll("UPDATE plugins SET status = 'Inactive', manifest_hash = NULL WHERE id = ANY (?)", ids);
    }

    /** An id for the run of this scan, taken before the run is recorded so that the versions it finds can name it. */
    long reserveRunId() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT nextval(pg_get_serial_sequence('discovery_runs', 'id'))");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A version row that repeats the version string of an earlier row of the same tool or plugin with another body. */
    @RegisterForReflection
    record VersionConflict(String path, String kind, String name, String version, long id, long conflictsWith) {
    }

    /** An instance config of a tool that the manifests of this scan change, read so that its new config schema can check it. */
    @RegisterForReflection
    record InstanceConfig(int toolId, String toolName, int instanceId, String config) {
    }

    /** The configs of the instances of the tools that {@code updates} change and give a config schema. */
    List<InstanceConfig> configsUnderChangedSchemas(List<Update<ToolWrite>> updates) throws SQLException {
        List<Update<ToolWrite>> withSchema = updates.stream().filter(update -> update.write().configSchema() != null).toList();
        List<InstanceConfig> configs = new ArrayList<>();
        if (withSchema.isEmpty()) {
            return configs;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT t.id, t.name, i.id, i.config::text"
                + " FROM tools t JOIN tool_instances i ON i.tool_id = t.id"
                + " WHERE t.id = ANY (?) AND i.config IS NOT NULL ORDER BY t.id, i.id")) {
            statement.setArray(1, integers(withSchema.stream().map(Update::id).toList()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    configs.add(new InstanceConfig(rows.getInt(1), rows.getString(2), rows.getInt(3), rows.getString(4)));
                }
            }
        }
        return configs;
    }

    /**
     * Records, as versions found by run {@code runId}, the definitions of discovered tools that are
     * current and not recorded yet (by tool, version string and manifest hash): one statement that
     * copies the manifests from the tools themselves, so that no body passes through the scan's memory.
     * {@code invalidInstances} gives, by tool id, the JSON of the instances the tool's new schema rejects.
     * Answers the rows that repeat an earlier version string with another body.
     */
    List<VersionConflict> insertToolVersions(long runId, Map<Integer, String> invalidInstances) throws SQLException {
        List<Integer> ids = new ArrayList<>(invalidInstances.keySet());
        return insertVersions("WITH recorded AS (INSERT INTO tool_versions (tool_id, version, manifest_hash, manifest, config_schema,"
                + " source, discovered_from, discovery_run_id, conflicts_with, invalid_instances)"
                + " SELECT t.id, t.version, t.manifest_hash, t.manifest, t.config_schema, 'discovery', t.discovered_from, ?,"
                + " (SELECT max(v.id) FROM tool_versions v WHERE v.tool_id = t.id AND v.version = t.version"
                + " AND v.manifest_hash <> t.manifest_hash), inv.invalid::jsonb"
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

    /** Records a run, under {@code id} when one was reserved (else a new one); answers its id. */
    long insertRun(Long id, Instant startedAt, long durationMs, String triggeredBy, String outcome, String home, String replica,
            ScanCounts counts, int problemCount, String problems) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO discovery_runs (id, started_at, duration_ms,"
                + " triggered_by, outcome, home, replica, seen, created, updated, unchanged, switched_off, problem_count, problems)"
                + " VALUES (COALESCE(?, nextval(pg_get_serial_sequence('discovery_runs', 'id'))), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?::jsonb) RETURNING id")) {
            statement.setObject(1, id, java.sql.Types.BIGINT);
            statement.setTimestamp(2, Timestamp.from(startedAt));
            statement.setLong(3, durationMs);
            statement.setString(4, triggeredBy);
            statement.setString(5, outcome);
            statement.setString(6, home);
            statement.setString(7, replica);
            statement.setInt(8, counts.seen());
            statement.setInt(9, counts.created());
            statement.setInt(10, counts.updated());
            statement.setInt(11, counts.unchanged());
            statement.setInt(12, counts.switchedOff());
            statement.setInt(13, problemCount);
            statement.setString(14, problems);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Deletes all but the {@code keep} most recent runs. */
    void pruneRuns(int keep) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM discovery_runs WHERE id IN"
                + " (SELECT id FROM discovery_runs ORDER BY started_at DESC, id DESC OFFSET ?)")) {
            statement.setInt(1, Math.max(keep, 1));
            statement.executeUpdate();
        }
    }

    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private interface Binder<T> {
        void bind(PreparedStatement statement, T value) throws SQLException;
    }

    private void query(String sql, RowReader reader) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        }
    }

    private <T> void batch(String sql, List<T> values, Binder<T> binder) throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int pending = 0;
            for (T value : values) {
                binder.bind(statement, value);
                statement.addBatch();
                if (++pending == CHUNK) {
                    statement.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                statement.executeBatch();
            }
        }
    }

    private void updateAll(String sql, List<Integer> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, integers(ids));
            statement.executeUpdate();
        }
    }

    private Array texts(List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(new String[0]));
    }

    private Array integers(List<Integer> values) throws SQLException {
        return connection.createArrayOf("integer", values.toArray(new Integer[0]));
    }

    private static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += CHUNK) {
            chunks.add(values.subList(from, Math.min(values.size(), from + CHUNK)));
        }
        return chunks;
    }

    private static List<String> names(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new SQLException("plugins.dependencies is not an array of names: " + json, e);
        }
    }

    /** {@code json} as a tree; NULL for NULL. */
    static JsonNode tree(String json) throws SQLException {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String json(Object value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
