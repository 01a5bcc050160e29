package io.animus.registry.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.animus.registry.testing.Sql;

/**
 * Rows of the registry's tables, inserted with SQL, each with names of its own so that tests never
 * collide with one another whatever their order.
 */
final class Rows {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    private final Sql sql;

    Rows(Sql sql) {
        this.sql = sql;
    }

    /** A value used by no other row: {@code prefix} followed by a short token. */
    static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + COUNTER.incrementAndGet();
    }

    /** A valid environment variable name used by no other row. */
    static String uniqueVarName() {
        return "VAR_" + RUN.toUpperCase().replace('-', '_') + "_" + COUNTER.incrementAndGet();
    }

    /** A short identifier (at most 16 characters) used by no other row. */
    static String uniqueShort() {
        return (RUN + Integer.toString(COUNTER.incrementAndGet(), 36));
    }

    /** An SQL string literal. */
    static String quote(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    int user() {
        String name = unique("user");
        return user(name, name + "@example.org");
    }

    int user(String username, String email) {
        return sql.insertId("INSERT INTO users (username, email, password_hash, role) VALUES (?, ?, 'hash', 'user') RETURNING id",
                username, email);
    }

    int agent() {
        return sql.insertId("INSERT INTO agents (letta_uid, name) VALUES (?, ?) RETURNING id",
                unique("agent-uid"), unique("agent"));
    }

    int tool(String moduleScope) {
        return sql.insertId("INSERT INTO tools (name, module_scope) VALUES (?, ?) RETURNING id", unique("tool"), moduleScope);
    }

    int toolInstance(int toolId, Integer agentId) {
        return sql.insertId("INSERT INTO tool_instances (tool_id, agent_id, name) VALUES (?, ?, ?) RETURNING id",
                toolId, agentId, unique("instance"));
    }

    int plugin(int toolId) {
        return sql.insertId("INSERT INTO plugins (tool_id, name) VALUES (?, ?) RETURNING id", toolId, unique("plugin"));
    }

    String chatSession() {
        String id = unique("chat");
        sql.update("INSERT INTO web_chat_sessions (id, uid, user_id, agent_id) VALUES (?, ?, ?, ?)",
                id, uniqueShort(), user(), agent());
        return id;
    }

    /**
     * A row of {@code table} that the database accepts, as column to SQL expression, with every
     * foreign key set to a fresh parent. Tests replace one entry to break one rule.
     */
    Map<String, String> valid(String table) {
        Map<String, String> row = new LinkedHashMap<>();
        switch (table) {
            case "users" -> {
                String name = unique("user");
                row.put("username", quote(name));
                row.put("email", quote(name + "@example.org"));
                row.put("password_hash", quote("hash"));
                row.put("role", quote("user"));
            }
            case "agents" -> {
                row.put("letta_uid", quote(unique("agent-uid")));
                row.put("name", quote(unique("agent")));
                row.put("created_by", String.valueOf(user()));
            }
            case "tools" -> {
                row.put("name", quote(unique("tool")));
                row.put("created_by", String.valueOf(user()));
            }
            case "tool_instances" -> {
                row.put("tool_id", String.valueOf(tool("global")));
                row.put("agent_id", String.valueOf(agent()));
                row.put("created_by", String.valueOf(user()));
            }
            case "plugins" -> {
                row.put("tool_id", String.valueOf(tool("global")));
                row.put("name", quote(unique("plugin")));
                row.put("created_by", String.valueOf(user()));
            }
            case "configurations" -> {
                row.put("key", quote(unique("key")));
                row.put("scope", quote("agent"));
                row.put("scope_id", String.valueOf(agent()));
                row.put("created_by", String.valueOf(user()));
            }
            case "user_sessions" -> {
                row.put("id", quote(unique("session")));
                row.put("user_id", String.valueOf(user()));
                row.put("session_token", quote(unique("token-hash")));
                row.put("expires_at", "now() + interval '1 day'");
            }
            case "agent_configs" -> {
                row.put("agent_id", String.valueOf(agent()));
                row.put("config_key", quote(unique("key")));
            }
            case "system_config" -> row.put("config_key", quote(unique("key")));
            case "env_vars" -> row.put("var_name", quote(uniqueVarName()));
            case "web_chat_sessions" -> {
                row.put("id", quote(unique("chat")));
                row.put("uid", quote(uniqueShort()));
                row.put("user_id", String.valueOf(user()));
                row.put("agent_id", String.valueOf(agent()));
            }
            case "web_chat_messages" -> {
                row.put("session_id", quote(chatSession()));
                row.put("message", quote("hello"));
                row.put("user_id", String.valueOf(user()));
            }
            case "web_chat_responses" -> {
                String session = chatSession();
                row.put("session_id", quote(session));
                row.put("message_id", String.valueOf(sql.insertId(
                        "INSERT INTO web_chat_messages (session_id, message) VALUES (?, 'question') RETURNING id", session)));
                row.put("response", quote("answer"));
                row.put("agent_id", String.valueOf(agent()));
            }
            case "service_keys" -> {
                row.put("name", quote(unique("service")));
                row.put("key_hash", quote((UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "")));
                row.put("role", quote("broca"));
                row.put("created_by", String.valueOf(user()));
            }
            default -> throw new IllegalArgumentException("no valid row for " + table);
        }
        return row;
    }

    /** The INSERT statement of {@code row} into {@code table}. */
    static String insert(String table, Map<String, String> row) {
        return "INSERT INTO " + table + " (" + String.join(", ", row.keySet()) + ") VALUES ("
                + row.values().stream().collect(Collectors.joining(", ")) + ")";
    }

    /** Inserts {@code row} into a table with an integer identity and answers the new id. */
    int insertReturningId(String table, Map<String, String> row) {
        return sql.insertId(insert(table, row) + " RETURNING id");
    }
}
