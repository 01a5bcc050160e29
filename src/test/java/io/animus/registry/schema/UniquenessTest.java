package io.animus.registry.schema;

import static io.animus.registry.schema.Rows.quote;
import static io.animus.registry.schema.Rows.unique;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;

/** Every UNIQUE rule of the seed, and those the registry adds, is enforced by the database. */
@QuarkusTest
class UniquenessTest {

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    Rows rows;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        rows = new Rows(sql);
    }

    @Test
    void aUsernameIsUniqueWhateverItsCase() {
        String name = unique("Alice");
        rows.user(name, unique("alice") + "@example.org");
        sql.refusedBy(Sql.UNIQUE, "idx_users_username", insertUser(name.toLowerCase(), unique("other") + "@example.org"));
        sql.refusedBy(Sql.UNIQUE, "idx_users_username", insertUser(name.toUpperCase(), unique("other") + "@example.org"));
        sql.refusedBy(Sql.UNIQUE, "idx_users_username", insertUser(name, unique("other") + "@example.org"));
    }

    @Test
    void anEmailIsUniqueWhateverItsCase() {
        String email = unique("Bob") + "@Example.org";
        rows.user(unique("bob"), email);
        sql.refusedBy(Sql.UNIQUE, "idx_users_email", insertUser(unique("bob"), email.toLowerCase()));
        sql.refusedBy(Sql.UNIQUE, "idx_users_email", insertUser(unique("bob"), email.toUpperCase()));
    }

    @Test
    void aLettaUidNamesOneAgent() {
        String uid = unique("agent-uid");
        sql.update("INSERT INTO agents (letta_uid) VALUES (?)", uid);
        sql.refusedBy(Sql.UNIQUE, "idx_agents_letta_uid", "INSERT INTO agents (letta_uid) VALUES (?)", uid);
    }

    @Test
    void anAgentNameNamesOneAgentAndMayBeLeftOut() {
        String name = unique("Athena");
        sql.update("INSERT INTO agents (letta_uid, name) VALUES (?, ?)", unique("agent-uid"), name);
        sql.refusedBy(Sql.UNIQUE, "uq_agents_name", "INSERT INTO agents (letta_uid, name) VALUES (?, ?)", unique("agent-uid"), name);
        // the name is optional: any number of agents may have none
        sql.update("INSERT INTO agents (letta_uid) VALUES (?)", unique("agent-uid"));
        sql.update("INSERT INTO agents (letta_uid) VALUES (?)", unique("agent-uid"));
    }

    @Test
    void aToolNameNamesOneTool() {
        String name = unique("MCP");
        sql.update("INSERT INTO tools (name) VALUES (?)", name);
        sql.refusedBy(Sql.UNIQUE, "uq_tools_name", "INSERT INTO tools (name, module_scope) VALUES (?, 'agent')", name);
    }

    @Test
    void aPluginNameIsUniqueWithinItsTool() {
        int tool = rows.tool("global");
        String name = unique("plugin");
        sql.update("INSERT INTO plugins (tool_id, name) VALUES (?, ?)", tool, name);
        sql.refusedBy(Sql.UNIQUE, "uq_plugins_tool_name", "INSERT INTO plugins (tool_id, name) VALUES (?, ?)", tool, name);
        // another tool may have a plugin of the same name
        sql.update("INSERT INTO plugins (tool_id, name) VALUES (?, ?)", rows.tool("global"), name);
    }

    @Test
    void aSystemConfigKeyIsUnique() {
        String key = unique("system.key");
        sql.update("INSERT INTO system_config (config_key) VALUES (?)", key);
        sql.refusedBy(Sql.UNIQUE, "idx_system_config_key", "INSERT INTO system_config (config_key, category) VALUES (?, 'other')", key);
    }

    @Test
    void anEnvironmentVariableNameIsUnique() {
        String name = Rows.uniqueVarName();
        sql.update("INSERT INTO env_vars (var_name) VALUES (?)", name);
        sql.refusedBy(Sql.UNIQUE, "idx_env_vars_name", "INSERT INTO env_vars (var_name) VALUES (?)", name);
    }

    @Test
    void anAgentConfigKeyIsUniquePerAgent() {
        int agent = rows.agent();
        String key = unique("agent.key");
        sql.update("INSERT INTO agent_configs (agent_id, config_key) VALUES (?, ?)", agent, key);
        sql.refusedBy(Sql.UNIQUE, "uq_agent_configs_agent_key",
                "INSERT INTO agent_configs (agent_id, config_key) VALUES (?, ?)", agent, key);
        // another agent may use the same key
        sql.update("INSERT INTO agent_configs (agent_id, config_key) VALUES (?, ?)", rows.agent(), key);
    }

    @Test
    void aChatSessionUidIsUnique() {
        String uid = Rows.uniqueShort();
        sql.update("INSERT INTO web_chat_sessions (id, uid) VALUES (?, ?)", unique("chat"), uid);
        sql.refusedBy(Sql.UNIQUE, "uq_web_chat_sessions_uid", "INSERT INTO web_chat_sessions (id, uid) VALUES (?, ?)",
                unique("chat"), uid);
    }

    @Test
    void aChatSessionIdIsUnique() {
        String id = unique("chat");
        sql.update("INSERT INTO web_chat_sessions (id, uid) VALUES (?, ?)", id, Rows.uniqueShort());
        sql.refusedBy(Sql.UNIQUE, "web_chat_sessions_pkey", "INSERT INTO web_chat_sessions (id, uid) VALUES (?, ?)",
                id, Rows.uniqueShort());
    }

    @Test
    void aConfigurationKeyIsUniqueWithinItsScope() {
        String key = unique("config.key");
        int agent = rows.agent();
        sql.update(insertConfiguration(key, "agent", agent));
        sql.refusedBy(Sql.UNIQUE, "uq_configurations_scope_key", insertConfiguration(key, "agent", agent));
        // the same key in another agent, or in another kind of scope with the same id, is another setting
        sql.update(insertConfiguration(key, "agent", rows.agent()));
        // an id that no agent, tool or user of the run has (scope_id has no foreign key), so that these rows
        // never become dependents of another test's tool or user
        sql.update(insertConfiguration(key, "tool", agent + 2_000_000_000));
        sql.update(insertConfiguration(key, "user", agent + 2_000_000_000));
        sql.update(insertConfiguration(key, "agent", agent + 2_000_000_000));
        sql.refusedBy(Sql.UNIQUE, "uq_configurations_scope_key", insertConfiguration(key, "tool", agent + 2_000_000_000));
    }

    @Test
    void aSystemConfigurationKeyIsUniqueThoughItHasNoScopeId() {
        String key = unique("config.key");
        sql.update(insertConfiguration(key, "system", null));
        sql.refusedBy(Sql.UNIQUE, "uq_configurations_scope_key", insertConfiguration(key, "system", null));
    }

    @Test
    void aSessionTokenBacksOneSession() {
        int user = rows.user();
        String token = unique("token-hash");
        sql.update(insertUserSession(unique("session"), user, token));
        sql.refusedBy(Sql.UNIQUE, "idx_user_sessions_token", insertUserSession(unique("session"), rows.user(), token));
    }

    @Test
    void aUserSessionIdIsUnique() {
        String id = unique("session");
        sql.update(insertUserSession(id, rows.user(), unique("token-hash")));
        sql.refusedBy(Sql.UNIQUE, "user_sessions_pkey", insertUserSession(id, rows.user(), unique("token-hash")));
    }

    private static String insertUser(String username, String email) {
        return "INSERT INTO users (username, email, password_hash, role) VALUES (" + quote(username) + ", " + quote(email)
                + ", 'hash', 'viewer')";
    }

    private static String insertConfiguration(String key, String scope, Integer scopeId) {
        return Rows.insert("configurations", Map.of("key", quote(key), "scope", quote(scope), "scope_id", String.valueOf(scopeId)));
    }

    private static String insertUserSession(String id, int user, String token) {
        return "INSERT INTO user_sessions (id, user_id, session_token, expires_at) VALUES (" + quote(id) + ", " + user + ", "
                + quote(token) + ", now() + interval '1 hour')";
    }
}
