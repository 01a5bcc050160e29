package io.animus.registry.discovery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.agent.Agent;
import io.animus.registry.identity.Role;
import io.animus.registry.identity.user.User;
import io.animus.registry.testing.Tokens;

/**
 * Registry state for the discovery tests: a clean slate of discovered rows, agents and users made
 * through the entities, and plain SQL reads for assertions (including each row's {@code xmin} and
 * {@code ctid}, which change on any write to the row).
 */
@ApplicationScoped
public class DiscoveryFixtures {

    /** Every name a discovery test gives to agents, tools and users starts with this. */
    static final String PREFIX = "dt-";

    @Inject
    AgroalDataSource dataSource;

    /** Runs {@code during} while another connection, as another replica's scan would, holds the scan's advisory lock. */
    public void whileAnotherScanHoldsTheLock(Runnable during) throws SQLException {
        try (Connection other = dataSource.getConnection();
                PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(?)");
                PreparedStatement unlock = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            lock.setLong(1, DiscoveryScan.LOCK_KEY);
            lock.execute();
            try {
                during.run();
            } finally {
                unlock.setLong(1, DiscoveryScan.LOCK_KEY);
                unlock.execute();
            }
        }
    }

    /** Removes what discovery tests leave: discovered rows, rows named with the test prefix, and all runs. */
    public void clean() {
        execute("DELETE FROM plugins WHERE discovered_from IS NOT NULL OR name LIKE 'dt-%'"
                + " OR tool_id IN (SELECT id FROM tools WHERE discovered_from IS NOT NULL OR name LIKE 'dt-%')");
        execute("DELETE FROM tool_instances WHERE discovered_from IS NOT NULL"
                + " OR tool_id IN (SELECT id FROM tools WHERE discovered_from IS NOT NULL OR name LIKE 'dt-%')"
                + " OR agent_id IN (SELECT id FROM agents WHERE letta_uid LIKE 'dt-%')");
        execute("DELETE FROM tools WHERE discovered_from IS NOT NULL OR name LIKE 'dt-%'");
        execute("DELETE FROM agents WHERE letta_uid LIKE 'dt-%'");
        execute("DELETE FROM discovery_runs");
    }

    @Transactional
    public int agent(String name, String lettaUid) {
        Agent agent = new Agent();
        agent.name = name;
        agent.lettaUid = lettaUid;
        agent.persistAndFlush();
        return agent.id;
    }

    /** A bearer token of a real user of the role, so that rows made through the API can name their creator. */
    @Transactional
    public String token(Role role) {
        String username = PREFIX + role.label();
        User user = User.findByUsername(username).orElseGet(() -> {
            User created = new User();
            created.username = username;
            created.email = username + "@example.org";
            created.passwordHash = "not-a-login";
            created.role = role;
            created.persistAndFlush();
            return created;
        });
        return Tokens.forUser(user.id, user.username, role);
    }

    public void execute(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet results = statement.executeQuery()) {
                ResultSetMetaData meta = results.getMetaData();
                while (results.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), results.getObject(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public Optional<Map<String, Object>> row(String sql, Object... parameters) {
        List<Map<String, Object>> rows = rows(sql, parameters);
        if (rows.size() > 1) {
            throw new IllegalStateException("more than one row for " + sql);
        }
        return rows.stream().findFirst();
    }

    public long count(String sql, Object... parameters) {
        return ((Number) rows(sql, parameters).get(0).values().iterator().next()).longValue();
    }

    /** The tool of this name: id, status, scope, source columns, manifest as text, xmin. */
    public Map<String, Object> tool(String name) {
        return row("SELECT id, name, description, emoji, status, module_scope, config_schema::text AS config_schema,"
                + " discovered_from, manifest_hash, manifest::text AS manifest, created_by, updated_at, xmin::text AS xmin"
                + " FROM tools WHERE name = ?", name).orElseThrow(() -> new AssertionError("no tool " + name));
    }

    public Optional<Map<String, Object>> findTool(String name) {
        return row("SELECT id, status, discovered_from, manifest_hash FROM tools WHERE name = ?", name);
    }

    public Optional<Map<String, Object>> instance(String toolName, int agentId) {
        return row("SELECT i.id, i.status, i.name, i.module_scope, i.discovered_from, i.manifest_hash, i.xmin::text AS xmin"
                + " FROM tool_instances i JOIN tools t ON t.id = i.tool_id WHERE t.name = ? AND i.agent_id = ?", toolName, agentId);
    }

    public Optional<Map<String, Object>> plugin(String toolName, String name) {
        return row("SELECT p.id, p.status, p.is_enabled, p.version, p.module_scope, p.dependencies::text AS dependencies,"
                + " p.discovered_from, p.manifest_hash, p.xmin::text AS xmin"
                + " FROM plugins p JOIN tools t ON t.id = p.tool_id WHERE t.name = ? AND p.name = ?", toolName, name);
    }

    /**
     * Every row of the three tables discovery writes, with its {@code xmin}, {@code ctid} and
     * {@code updated_at}: any insert, update (even one that changes no value) or delete changes this list.
     */
    public List<Map<String, Object>> writeFingerprint() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String table : List.of("tools", "tool_instances", "plugins")) {
            rows.addAll(rows("SELECT '" + table + "' AS tbl, id, xmin::text AS xmin, ctid::text AS ctid, updated_at FROM "
                    + table + " ORDER BY id"));
        }
        return rows;
    }

    /**
     * Every row of every table of the registry (with its {@code xmin} and {@code ctid}, which any write
     * changes) and the state of every sequence, as text: two dumps are equal, byte for byte, only when
     * nothing was written in between.
     */
    public String databaseDump() {
        StringBuilder dump = new StringBuilder();
        for (Map<String, Object> table : rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                + " AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            String name = (String) table.get("table_name");
            dump.append("== ").append(name).append('\n');
            for (Map<String, Object> row : rows("SELECT xmin::text AS x, ctid::text AS c, t::text AS r FROM \"" + name + "\" t ORDER BY ctid")) {
                dump.append(row.get("x")).append(' ').append(row.get("c")).append(' ').append(row.get("r")).append('\n');
            }
        }
        for (Map<String, Object> sequence : rows("SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'"
                + " ORDER BY sequence_name")) {
            String name = (String) sequence.get("sequence_name");
            dump.append("== sequence ").append(name).append(' ')
                    .append(rows("SELECT last_value::text || ' ' || is_called::text AS s FROM \"" + name + "\"").get(0).get("s")).append('\n');
        }
        return dump.toString();
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
