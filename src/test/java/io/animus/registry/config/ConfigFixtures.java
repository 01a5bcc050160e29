package io.animus.registry.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.agent.Agent;
import io.animus.registry.identity.Role;
import io.animus.registry.identity.user.User;
import io.animus.registry.testing.Tokens;
import io.animus.registry.tool.ModuleScope;
import io.animus.registry.tool.Tool;
import io.animus.registry.tool.ToolInstance;

/** Users, agents, tools and instances for the configuration tests, and plain JDBC to look at stored rows. */
@ApplicationScoped
public class ConfigFixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** A user that exists in {@code users}, with an access token. */
    public record Login(int id, String username, Role role, String token) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    /** A name no other test uses. */
    public static String unique(String prefix) {
        return prefix + System.nanoTime() % 1_000_000_000L + "x" + SEQUENCE.incrementAndGet();
    }

    @Transactional
    public Login user(Role role) {
        User user = new User();
        user.username = unique(role.label());
        user.email = user.username + "@example.test";
        user.passwordHash = "not-a-real-hash";
        user.role = role;
        user.persist();
        return new Login(user.id, user.username, role, Tokens.forUser(user.id, user.username, role));
    }

    /** An agent visible to the given users and roles (null: to all). */
    @Transactional
    public int agent(List<Integer> visibleToUsers, List<String> visibleToRoles) {
        Agent agent = new Agent();
        agent.lettaUid = unique("letta-");
        agent.name = unique("agent-");
        agent.visibleToUsers = visibleToUsers;
        agent.visibleToRoles = visibleToRoles;
        agent.persist();
        return agent.id;
    }

    @Transactional
    public int tool(ModuleScope scope) {
        Tool tool = new Tool();
        tool.name = unique("tool-");
        tool.moduleScope = scope;
        tool.persist();
        return tool.id;
    }

    @Transactional
    public int instance(int toolId, Integer agentId, String configJson) throws Exception {
        ToolInstance instance = new ToolInstance();
        instance.tool = Tool.findById(toolId);
        instance.agent = agentId == null ? null : Agent.findById(agentId);
        instance.name = unique("instance-");
        instance.config = configJson == null ? null : json.readTree(configJson);
        instance.persist();
        return instance.id;
    }

    @Transactional
    public void deleteAgent(int agentId) {
        Agent.deleteById(agentId);
    }

    /** The first column of every row of a query. */
    public List<String> column(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single value of a query. */
    public String value(String sql, Object... parameters) {
        List<String> values = column(sql, parameters);
        if (values.size() != 1) {
            throw new IllegalStateException("expected one row, got " + values.size() + " for " + sql);
        }
        return values.get(0);
    }

    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
