package io.animus.registry.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.schema.ExpectedSchema.ForeignKey;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;

/** Every reference to another row must name a row that exists; deleting a parent follows the key's rule. */
@QuarkusTest
class ForeignKeysTest {

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    Rows rows;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        rows = new Rows(sql);
    }

    static List<ForeignKey> foreignKeys() {
        return ExpectedSchema.FOREIGN_KEYS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("foreignKeys")
    void aRowThatNamesAMissingParentIsRefused(ForeignKey key) {
        // the same row with an existing parent is accepted, so the refusal below is the key's doing
        sql.update(Rows.insert(key.table(), rows.valid(key.table())));

        String column = key.columns().split(", ")[0];
        Map<String, String> row = rows.valid(key.table());
        row.put(column, key.parent().equals("web_chat_sessions") ? "'no-such-chat-session'" : "-1");
        sql.refusedBy(Sql.FOREIGN_KEY, key.name(), Rows.insert(key.table(), row));
    }

    @Test
    void deletingAUserKeepsWhatTheyCreated() {
        int user = rows.user();
        int agent = sql.insertId("INSERT INTO agents (letta_uid, created_by) VALUES (?, ?) RETURNING id", Rows.unique("uid"), user);
        int tool = sql.insertId("INSERT INTO tools (name, created_by) VALUES (?, ?) RETURNING id", Rows.unique("tool"), user);
        int instance = sql.insertId("INSERT INTO tool_instances (tool_id, created_by) VALUES (?, ?) RETURNING id", tool, user);
        int plugin = sql.insertId("INSERT INTO plugins (tool_id, name, created_by) VALUES (?, 'p', ?) RETURNING id", tool, user);
        int configuration = sql.insertId(
                "INSERT INTO configurations (key, scope, created_by) VALUES (?, 'system', ?) RETURNING id", Rows.unique("k"), user);

        assertEquals(1, sql.update("DELETE FROM users WHERE id = ?", user));

        assertNull(sql.value(Integer.class, "SELECT created_by FROM agents WHERE id = ?", agent));
        assertNull(sql.value(Integer.class, "SELECT created_by FROM tools WHERE id = ?", tool));
        assertNull(sql.value(Integer.class, "SELECT created_by FROM tool_instances WHERE id = ?", instance));
        assertNull(sql.value(Integer.class, "SELECT created_by FROM plugins WHERE id = ?", plugin));
        assertNull(sql.value(Integer.class, "SELECT created_by FROM configurations WHERE id = ?", configuration));
    }

    @Test
    void deletingAUserEndsTheirSessions() {
        int user = rows.user();
        String session = Rows.unique("session");
        sql.update("INSERT INTO user_sessions (id, user_id, session_token, expires_at) VALUES (?, ?, ?, now())",
                session, user, Rows.unique("token"));
        sql.update("DELETE FROM users WHERE id = ?", user);
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM user_sessions WHERE id = ?", session));
    }

    @Test
    void deletingAChatSessionDeletesItsMessages() {
        String session = rows.chatSession();
        sql.update("INSERT INTO web_chat_messages (session_id, message) VALUES (?, 'one'), (?, 'two')", session, session);
        sql.update("DELETE FROM web_chat_sessions WHERE id = ?", session);
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM web_chat_messages WHERE session_id = ?", session));
    }

    @Test
    void anAgentInUseCannotBeDeleted() {
        int withConfig = rows.agent();
        sql.update("INSERT INTO agent_configs (agent_id, config_key) VALUES (?, 'k')", withConfig);
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_agent_configs_agent", "DELETE FROM agents WHERE id = ?", withConfig);

        int withInstance = rows.agent();
        rows.toolInstance(rows.tool("agent"), withInstance);
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_tool_instances_agent", "DELETE FROM agents WHERE id = ?", withInstance);

        int withChat = rows.agent();
        sql.update("INSERT INTO web_chat_sessions (id, uid, agent_id) VALUES (?, ?, ?)", Rows.unique("chat"), Rows.uniqueShort(), withChat);
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_web_chat_sessions_agent", "DELETE FROM agents WHERE id = ?", withChat);

        int unused = rows.agent();
        assertEquals(1, sql.update("DELETE FROM agents WHERE id = ?", unused));
    }

    @Test
    void aToolInUseCannotBeDeleted() {
        int withInstance = rows.tool("global");
        rows.toolInstance(withInstance, null);
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_tool_instances_tool", "DELETE FROM tools WHERE id = ?", withInstance);

        int withPlugin = rows.tool("global");
        rows.plugin(withPlugin);
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_plugins_tool", "DELETE FROM tools WHERE id = ?", withPlugin);
    }

    @Test
    void aUserWithChatHistoryCannotBeDeleted() {
        int user = rows.user();
        sql.update("INSERT INTO web_chat_sessions (id, uid, user_id) VALUES (?, ?, ?)", Rows.unique("chat"), Rows.uniqueShort(), user);
        sql.refusedBy(Sql.FOREIGN_KEY, "fk_web_chat_sessions_user", "DELETE FROM users WHERE id = ?", user);
    }
}
