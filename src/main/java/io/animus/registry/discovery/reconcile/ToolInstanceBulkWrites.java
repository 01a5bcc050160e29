package io.animus.registry.discovery.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Discovery's own write path to {@code tool_instances}, beside {@code tool.ToolInstanceService}, on
 * purpose: it writes only the instances agent modules declare (an instance made through the API is
 * never touched, nor is an instance's config), it alone writes their manifest columns, and it writes
 * them in a few statements in the scan's transaction, where the service writes one row per request.
 * The service's {@code tool.InstanceScopeRule} holds by the scan's keys: each discovered instance is
 * one agent's instance of a tool (at most one, never beside a hand-made one), and it has no config
 * for the tool's schema to check.
 */
final class ToolInstanceBulkWrites extends BulkStatements {

    /** Values of an agent's instance of a tool that its agent module decides. */
    @RegisterForReflection
    record InstanceWrite(int toolId, int agentId, String name, String discoveredFrom, String manifestHash, String manifest) {
    }

    ToolInstanceBulkWrites(Connection connection, boolean dry) {
        super(connection, dry);
    }

    /** Inserts the instances, Ready and active. */
    void insert(List<InstanceWrite> instances) throws SQLException {
        if (dry) {
            return;
        }
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

    /** Updates what the agent modules decide; an instance that discovery had switched Off is Ready again, any other status is kept. */
    void update(List<Update<InstanceWrite>> updates) throws SQLException {
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

    /** Switches the instances whose agent modules have gone Off; their hash NULL says discovery did it. */
    void switchOff(List<Integer> ids) throws SQLException {
        updateAll("UPDATE tool_instances SET status = 'Off', manifest_hash = NULL WHERE id = ANY (?)", ids);
    }
}
