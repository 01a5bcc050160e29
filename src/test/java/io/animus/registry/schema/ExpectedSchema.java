package io.animus.registry.schema;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The registry's schema as the seed ({@code registry-schema.md}) describes it, with the decisions of
 * {@code docs/decisions-schema.md} applied: what the migrated database must look like.
 */
final class ExpectedSchema {

    private ExpectedSchema() {
    }

    /** A column: its table, name, type as PostgreSQL spells it (with its length) and whether it takes NULL. */
    record Column(String table, String name, String type, boolean nullable) {
        @Override
        public String toString() {
            return table + "." + name + " " + type + (nullable ? " NULL" : " NOT NULL");
        }
    }

    /** A foreign key: its name, the referencing columns, the referenced table and columns, the rules. */
    record ForeignKey(String name, String table, String columns, String parent, String parentColumns,
            String onDelete, String onUpdate) {
        @Override
        public String toString() {
            return name + ": " + table + "(" + columns + ") -> " + parent + "(" + parentColumns + ") ON DELETE " + onDelete
                    + " ON UPDATE " + onUpdate;
        }
    }

    /** An index that the seed names, its table, its key as PostgreSQL prints it, and whether it is unique. */
    record Index(String name, String table, String key, boolean unique) {
    }

    static final String INT = "integer";
    static final String TEXT = "text";
    static final String JSONB = "jsonb";
    static final String TIMESTAMPTZ = "timestamp with time zone";
    static final String BOOLEAN = "boolean";

    static String varchar(int length) {
        return "character varying(" + length + ")";
    }

    static final boolean NULL = true;
    static final boolean NOT_NULL = false;

    /** The twelve tables of the seed, in its order. */
    static final List<String> TABLES = List.of(
            "agents", "tools", "tool_instances", "configurations", "plugins", "users",
            "user_sessions", "system_config", "env_vars", "agent_configs", "web_chat_sessions", "web_chat_messages");

    /** Tables beyond the seed, each with the changeset that adds it. */
    static final List<String> ADDED_TABLES = List.of(
            // phase-4-advanced/service-keys.sql
            "service_keys",
            // phase-4-advanced/chat-delivery.sql: the original installer's table that the seed omits
            "web_chat_responses");

    /** The seed's tables and those added beyond it. */
    static List<String> allTables() {
        return java.util.stream.Stream.concat(TABLES.stream(), ADDED_TABLES.stream()).toList();
    }

    static final List<Column> COLUMNS = List.of(
            // 1. agents
            new Column("agents", "id", INT, NOT_NULL),
            new Column("agents", "letta_uid", varchar(100), NOT_NULL),
            new Column("agents", "name", varchar(100), NULL),
            new Column("agents", "description", TEXT, NULL),
            new Column("agents", "status", varchar(10), NOT_NULL),
            new Column("agents", "created_by", INT, NULL),
            new Column("agents", "created_at", TIMESTAMPTZ, NOT_NULL),
            new Column("agents", "updated_at", TIMESTAMPTZ, NOT_NULL),
            new Column("agents", "config", JSONB, NULL),
            new Column("agents", "is_active", BOOLEAN, NOT_NULL),
            new Column("agents", "visible_to_users", JSONB, NULL),
            new Column("agents", "visible_to_roles", JSONB, NULL),
            // 2. tools
            new Column("tools", "id", INT, NOT_NULL),
            new Column("tools", "name", varchar(255), NOT_NULL),
            new Column("tools", "description", TEXT, NULL),
            new Column("tools", "emoji", varchar(32), NULL),
            new Column("tools", "category", varchar(100), NULL),
            new Column("tools", "status", varchar(10), NOT_NULL),
            new Column("tools", "module_scope", varchar(10), NOT_NULL),
            new Column("tools", "config_schema", JSONB, NULL),
            new Column("tools", "created_by", INT, NULL),
            new Column("tools", "created_at", TIMESTAMPTZ, NOT_NULL),
            new Column("tools", "updated_at", TIMESTAMPTZ, NOT_NULL),
            new Column("tools", "is_enabled", BOOLEAN, NOT_NULL),
            // 3. tool_instances (module_scope is not in the seed: the tool's scope, copied to key the one-per-agent rule)
            new Column("tool_instances", "id", INT, NOT_NULL),
            new Column("tool_instances", "tool_id", INT, NOT_NULL),
            new Column("tool_instances", "module_scope", varchar(10), NOT_NULL),
            new Column("tool_instances", "agent_id", INT, NULL),
            new Column("tool_instances", "name", varchar(255), NULL),
            new Column("tool_instances", "config", JSONB, NULL),
            new Column("tool_instances", "status", varchar(10), NOT_NULL),
            new Column("tool_instances", "last_run", TIMESTAMPTZ, NULL),
            new Column("tool_instances", "next_run", TIMESTAMPTZ, NULL),
            new Column("tool_instances", "created_by", INT, NULL),
            new Column("tool_instances", "created_at", TIMESTAMPTZ, NOT_NULL),
            new Column("tool_instances", "updated_at", TIMESTAMPTZ, NOT_NULL),
            new Column("tool_instances", "is_active", BOOLEAN, NOT_NULL),
            // 4. configurations
            new Column("configurations", "id", INT, NOT_NULL),
            new Column("configurations", "key", varchar(255), NOT_NULL),
            new Column("configurations", "value", TEXT, NULL),
            new Column("configurations", "type", varchar(10), NOT_NULL),
            new Column("configurations", "scope", varchar(10), NOT_NULL),
            new Column("configurations", "scope_id", INT, NULL),
            new Column("configurations", "description", TEXT, NULL),
            new Column("configurations", "is_encrypted", BOOLEAN, NOT_NULL),
            new Column("configurations", "created_by", INT, NULL),
            new Column("configurations", "created_at", TIMESTAMPTZ, NOT_NULL),
            new Column("configurations", "updated_at", TIMESTAMPTZ, NOT_NULL),
            // 5. plugins
            new Column("plugins", "id", INT, NOT_NULL),
            new Column("plugins", "tool_id", INT, NOT_NULL),
            new Column("plugins", "name", varchar(255), NOT_NULL),
            new Column("plugins", "module_scope", varchar(10), NOT_NULL),
            new Column("plugins", "version", varchar(50), NULL),
            new Column("plugins", "status", varchar(10), NOT_NULL),
            new Column("plugins", "config", JSONB, NULL),
            new Column("plugins", "dependencies", JSONB, NULL),
            new Column("plugins", "created_by", INT, NULL),
            new Column("plugins", "created_at", TIMESTAMPTZ, NOT_NULL),
            new Column("plugins", "updated_at", TIMESTAMPTZ, NOT_NULL),
            new Column("plugins", "is_enabled", BOOLEAN, NOT_NULL),
            // 6. users
            new Column("users", "id", INT, NOT_NULL),
            new Column("users", "username", varchar(100), NOT_NULL),
            new Column("users", "email", varchar(255), NOT_NULL),
            new Column("users", "password_hash", varchar(255), NOT_NULL),
            new Column("users", "role", varchar(10), NOT_NULL),
            new Column("users", "permissions", JSONB, NULL),
            new Column("users", "last_login", TIMESTAMPTZ, NULL),
            new Column("users", "created_at", TIMESTAMPTZ, NOT_NULL),
            new Column("users", "updated_at", TIMESTAMPTZ, NOT_NULL),
            new Column("users", "is_active", BOOLEAN, NOT_NULL),
            new Column("users", "failed_login_attempts", INT, NOT_NULL),
            new Column("users", "locked_until", TIMESTAMPTZ, NULL),
            // 7. user_sessions
            new Column("user_sessions", "id", varchar(100), NOT_NULL),
            new Column("user_sessions", "user_id", INT, NOT_NULL),
            new Column("user_sessions", "session_token", varchar(255), NOT_NULL),
            new Column("user_sessions", "ip_address", varchar(45), NULL),
            new Column("user_sessions", "user_agent", TEXT, NULL),
            new Column("user_sessions", "expires_at", TIMESTAMPTZ, NOT_NULL),
            new Column("user_sessions", "created_at", TIMESTAMPTZ, NOT_NULL),
            // 8. system_config
            new Column("system_config", "id", INT, NOT_NULL),
            new Column("system_config", "config_key", varchar(100), NOT_NULL),
            new Column("system_config", "config_value", TEXT, NULL),
            new Column("system_config", "config_type", varchar(20), NOT_NULL),
            new Column("system_config", "description", TEXT, NULL),
            new Column("system_config", "is_encrypted", BOOLEAN, NOT_NULL),
            new Column("system_config", "category", varchar(50), NOT_NULL),
            new Column("system_config", "created_at", TIMESTAMPTZ, NOT_NULL),
            new Column("system_config", "updated_at", TIMESTAMPTZ, NOT_NULL),
            // 9. env_vars
            new Column("env_vars", "id", INT, NOT_NULL),
            new Column("env_vars", "var_name", varchar(100), NOT_NULL),
            new Column("env_vars", "var_value", TEXT, NULL),
            new Column("env_vars", "is_encrypted", BOOLEAN, NOT_NULL),
            new Column("env_vars", "description", TEXT, NULL),
            new Column("env_vars", "created_at", TIMESTAMPTZ, NOT_NULL),
            new Column("env_vars", "updated_at", TIMESTAMPTZ, NOT_NULL),
            // 10. agent_configs (agent_id is INTEGER like agents.id, not the seed's VARCHAR(50))
            new Column("agent_configs", "id", INT, NOT_NULL),
            new Column("agent_configs", "agent_id", INT, NOT_NULL),
            new Column("agent_configs", "config_key", varchar(100), NOT_NULL),
            new Column("agent_configs", "config_value", TEXT, NULL),
            new Column("agent_configs", "config_type", varchar(20), NOT_NULL),
            new Column("agent_configs", "is_encrypted", BOOLEAN, NOT_NULL),
            new Column("agent_configs", "created_at", TIMESTAMPTZ, NOT_NULL),
            new Column("agent_configs", "updated_at", TIMESTAMPTZ, NOT_NULL),
            // 11. web_chat_sessions (agent_id is INTEGER like agents.id, not the seed's VARCHAR(50))
            new Column("web_chat_sessions", "id", varchar(64), NOT_NULL),
            new Column("web_chat_sessions", "uid", varchar(16), NOT_NULL),
            new Column("web_chat_sessions", "user_id", INT, NULL),
            new Column("web_chat_sessions", "agent_id", INT, NULL),
            new Column("web_chat_sessions", "created_at", TIMESTAMPTZ, NOT_NULL),
            new Column("web_chat_sessions", "last_active", TIMESTAMPTZ, NOT_NULL),
            new Column("web_chat_sessions", "ip_address", varchar(45), NULL),
            new Column("web_chat_sessions", "metadata", JSONB, NULL),
            // 11. web_chat_messages
            new Column("web_chat_messages", "id", INT, NOT_NULL),
            new Column("web_chat_messages", "session_id", varchar(64), NOT_NULL),
            new Column("web_chat_messages", "message", TEXT, NOT_NULL),
            new Column("web_chat_messages", "timestamp", TIMESTAMPTZ, NOT_NULL),
            new Column("web_chat_messages", "processed", BOOLEAN, NOT_NULL),
            new Column("web_chat_messages", "broca_message_id", INT, NULL),
            new Column("web_chat_messages", "user_id", INT, NULL),
            // --- beyond the seed: chat delivery to Broca (phase-4-advanced/chat-delivery.sql)
            new Column("web_chat_messages", "claimed_until", TIMESTAMPTZ, NULL),
            new Column("web_chat_messages", "claim_token", varchar(64), NULL),
            new Column("web_chat_messages", "claimed_by", varchar(100), NULL),
            new Column("web_chat_messages", "delivery_attempts", INT, NOT_NULL),
            new Column("web_chat_messages", "processed_at", TIMESTAMPTZ, NULL),
            new Column("web_chat_responses", "id", INT, NOT_NULL),
            new Column("web_chat_responses", "session_id", varchar(64), NOT_NULL),
            new Column("web_chat_responses", "message_id", INT, NULL),
            new Column("web_chat_responses", "response", TEXT, NOT_NULL),
            new Column("web_chat_responses", "timestamp", TIMESTAMPTZ, NOT_NULL),
            new Column("web_chat_responses", "broca_message_id", INT, NULL),
            new Column("web_chat_responses", "agent_id", INT, NULL),
            // --- beyond the seed: service keys (phase-4-advanced/service-keys.sql)
            new Column("service_keys", "id", INT, NOT_NULL),
            new Column("service_keys", "name", varchar(100), NOT_NULL),
            new Column("service_keys", "key_hash", varchar(64), NOT_NULL),
            new Column("service_keys", "role", varchar(20), NOT_NULL),
            new Column("service_keys", "created_by", INT, NULL),
            new Column("service_keys", "created_at", TIMESTAMPTZ, NOT_NULL),
            new Column("service_keys", "last_used_at", TIMESTAMPTZ, NULL),
            new Column("service_keys", "revoked_at", TIMESTAMPTZ, NULL));

    /** The indexes of the seed's "Indexes" section; those on UNIQUE columns are the unique index itself. */
    static final List<Index> SEED_INDEXES = List.of(
            new Index("idx_agents_letta_uid", "agents", "letta_uid", true),
            new Index("idx_agents_created_by", "agents", "created_by", false),
            new Index("idx_tools_category", "tools", "category", false),
            new Index("idx_tools_module_scope", "tools", "module_scope", false),
            new Index("idx_tools_created_by", "tools", "created_by", false),
            new Index("idx_tool_instances_agent", "tool_instances", "agent_id", false),
            new Index("idx_tool_instances_created_by", "tool_instances", "created_by", false),
            new Index("idx_configurations_scope", "configurations", "scope, scope_id", false),
            new Index("idx_configurations_created_by", "configurations", "created_by", false),
            new Index("idx_users_username", "users", "lower((username)::text)", true),
            new Index("idx_users_email", "users", "lower((email)::text)", true),
            new Index("idx_plugins_tool", "plugins", "tool_id", false),
            new Index("idx_plugins_module_scope", "plugins", "module_scope", false),
            new Index("idx_user_sessions_user", "user_sessions", "user_id", false),
            new Index("idx_user_sessions_token", "user_sessions", "session_token", true),
            new Index("idx_agent_configs_agent", "agent_configs", "agent_id", false),
            new Index("idx_system_config_key", "system_config", "config_key", true),
            new Index("idx_env_vars_name", "env_vars", "var_name", true),
            new Index("idx_web_chat_sessions_user", "web_chat_sessions", "user_id", false),
            new Index("idx_web_chat_sessions_agent", "web_chat_sessions", "agent_id", false));

    /** Every foreign key. Audit columns (created_by) let go of a deleted user; sessions go with their owner. */
    static final List<ForeignKey> FOREIGN_KEYS = List.of(
            new ForeignKey("fk_agents_created_by", "agents", "created_by", "users", "id", "SET NULL", "NO ACTION"),
            new ForeignKey("fk_tools_created_by", "tools", "created_by", "users", "id", "SET NULL", "NO ACTION"),
            new ForeignKey("fk_tool_instances_tool", "tool_instances", "tool_id, module_scope", "tools", "id, module_scope",
                    "NO ACTION", "CASCADE"),
            new ForeignKey("fk_tool_instances_agent", "tool_instances", "agent_id", "agents", "id", "NO ACTION", "NO ACTION"),
            new ForeignKey("fk_tool_instances_created_by", "tool_instances", "created_by", "users", "id", "SET NULL", "NO ACTION"),
            new ForeignKey("fk_plugins_tool", "plugins", "tool_id, module_scope", "tools", "id, module_scope",
                    "NO ACTION", "CASCADE"),
            new ForeignKey("fk_plugins_created_by", "plugins", "created_by", "users", "id", "SET NULL", "NO ACTION"),
            new ForeignKey("fk_configurations_created_by", "configurations", "created_by", "users", "id", "SET NULL", "NO ACTION"),
            new ForeignKey("fk_user_sessions_user", "user_sessions", "user_id", "users", "id", "CASCADE", "NO ACTION"),
            new ForeignKey("fk_agent_configs_agent", "agent_configs", "agent_id", "agents", "id", "NO ACTION", "NO ACTION"),
            new ForeignKey("fk_web_chat_sessions_user", "web_chat_sessions", "user_id", "users", "id", "NO ACTION", "NO ACTION"),
            new ForeignKey("fk_web_chat_sessions_agent", "web_chat_sessions", "agent_id", "agents", "id", "NO ACTION", "NO ACTION"),
            new ForeignKey("fk_web_chat_messages_session", "web_chat_messages", "session_id", "web_chat_sessions", "id",
                    "CASCADE", "NO ACTION"),
            new ForeignKey("fk_web_chat_messages_user", "web_chat_messages", "user_id", "users", "id", "NO ACTION", "NO ACTION"),
            // --- beyond the seed: replies go with their session, and let go of a deleted message or agent
            new ForeignKey("fk_web_chat_responses_session", "web_chat_responses", "session_id", "web_chat_sessions", "id",
                    "CASCADE", "NO ACTION"),
            new ForeignKey("fk_web_chat_responses_message", "web_chat_responses", "message_id", "web_chat_messages", "id",
                    "SET NULL", "NO ACTION"),
            new ForeignKey("fk_web_chat_responses_agent", "web_chat_responses", "agent_id", "agents", "id", "SET NULL", "NO ACTION"),
            new ForeignKey("fk_service_keys_created_by", "service_keys", "created_by", "users", "id", "SET NULL", "NO ACTION"));

    /** The columns that take no NULL, per table. */
    static Map<String, List<String>> notNullColumns() {
        return COLUMNS.stream().filter(c -> !c.nullable())
                .collect(Collectors.groupingBy(Column::table, Collectors.mapping(Column::name, Collectors.toList())));
    }

    /** The tables that have an {@code updated_at} column. */
    static List<String> tablesWithUpdatedAt() {
        return COLUMNS.stream().filter(c -> c.name().equals("updated_at")).map(Column::table).toList();
    }
}
