package io.animus.registry.letta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.agent.Agent;

/** Registry state for the Letta link's tests: a clean link, agents named {@code lt-...}, plain SQL reads. */
@ApplicationScoped
public class LettaFixtures {

    @Inject
    AgroalDataSource dataSource;

    public void clean() {
        execute("DELETE FROM letta_settings");
        execute("DELETE FROM letta_links");
        execute("DELETE FROM letta_unregistered");
        execute("DELETE FROM letta_runs");
        execute("DELETE FROM agents WHERE (letta_uid LIKE 'lt-%' OR name LIKE 'lt-%' OR letta_uid LIKE 'agent-%')"
                + " AND id NOT IN (SELECT agent_id FROM tool_instances WHERE agent_id IS NOT NULL)"
                + " AND id NOT IN (SELECT agent_id FROM agent_configs) AND id NOT IN (SELECT agent_id FROM web_chat_sessions)");
    }

    @Transactional
    public int agent(String name, String lettaUid) {
        Agent agent = new Agent();
        agent.name = name;
        agent.lettaUid = lettaUid;
        agent.persistAndFlush();
        return agent.id;
    }

    public void execute(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String text(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
