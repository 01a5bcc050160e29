package io.animus.registry.discovery.reconcile;

import io.animus.registry.discovery.ScanCounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.animus.registry.discovery.reconcile.BulkStatements.Update;
import io.animus.registry.discovery.reconcile.RegistrySnapshot.AgentRow;
import io.animus.registry.discovery.reconcile.RegistrySnapshot.InstanceRow;
import io.animus.registry.discovery.reconcile.RegistrySnapshot.PluginRow;
import io.animus.registry.discovery.reconcile.RegistrySnapshot.ToolRow;
import io.animus.registry.discovery.reconcile.ToolBulkWrites.ToolWrite;
import io.animus.registry.tool.ModuleScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Discovery's reads of the registry and the records of its runs, on the connection of the scan's
 * transaction: one query per table for the snapshot a scan compares against, so that reconciling ten
 * thousand manifests costs a handful of round trips, not thousands. Its writes to the registry's
 * tables go through one writer per table: {@link ToolBulkWrites}, {@link ToolInstanceBulkWrites},
 * {@link PluginBulkWrites} and {@link VersionBulkWrites}.
 */
public final class RegistryStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Connection connection;

    public RegistryStore(Connection connection) {
        this.connection = connection;
    }

    public RegistrySnapshot load() throws SQLException {
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
    public static Set<String> knownToolHashes(Connection connection) throws SQLException {
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

    /** An id for the run of this scan, taken before the run is recorded so that the versions it finds can name it. */
    public long reserveRunId() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT nextval(pg_get_serial_sequence('discovery_runs', 'id'))");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
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
            statement.setArray(1, connection.createArrayOf("integer", withSchema.stream().map(Update::id).toArray(Integer[]::new)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    configs.add(new InstanceConfig(rows.getInt(1), rows.getString(2), rows.getInt(3), rows.getString(4)));
                }
            }
        }
        return configs;
    }

    /** Records a run, under {@code id} when one was reserved (else a new one); answers its id. */
    public long insertRun(Long id, Instant startedAt, long durationMs, String triggeredBy, String outcome, String home, String replica,
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
    public void pruneRuns(int keep) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM discovery_runs WHERE id IN"
                + " (SELECT id FROM discovery_runs ORDER BY started_at DESC, id DESC OFFSET ?)")) {
            statement.setInt(1, Math.max(keep, 1));
            statement.executeUpdate();
        }
    }

    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
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

    public static String json(Object value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
