package io.animus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * animus import installer and animus import home: a database the test builds with the installer's schema
 * (bcrypt hashes it makes, visibility JSON, broken rows), whose users then sign in with their old passwords,
 * and an Animus home in both layouts; a second import changes nothing.
 */
@ExtendWith(Cli.class)
class ImportCommandsTest {

    /** The installer's tables, as its control panel creates them (users and agents, the columns it writes). */
    private static final String SCHEMA = """
            CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, username VARCHAR(50) UNIQUE NOT NULL,
                email VARCHAR(100) UNIQUE NOT NULL, password_hash VARCHAR(255) NOT NULL, role VARCHAR(20) NOT NULL,
                permissions JSON, last_login TIMESTAMP, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, is_active BOOLEAN DEFAULT true,
                failed_login_attempts INTEGER DEFAULT 0, locked_until TIMESTAMP);
            CREATE TABLE agents (id VARCHAR(50) PRIMARY KEY, letta_uid VARCHAR(50) UNIQUE NOT NULL, name VARCHAR(100),
                description TEXT, status VARCHAR(20) DEFAULT 'Healthy', created_by INTEGER,
                created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                config JSON, is_active BOOLEAN DEFAULT true, visible_to_users JSON, visible_to_roles JSON);
            """;

    private static Cli.Result ok(Cli.Result result) {
        assertEquals(0, result.status(), result::toString);
        return result;
    }

    /** bcrypt as the installer (Python's bcrypt) writes it: {@code $2b$}. */
    private static String hash2b(String password, int cost) {
        return "$2b$" + BcryptUtil.bcryptHash(password, cost).substring(4);
    }

    private static void user(Connection db, String username, String role, String hash, boolean active) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO users (username, email, password_hash, role, permissions, is_active)"
                + " VALUES (?, ?, ?, ?, '[\"*\"]', ?)")) {
            insert.setString(1, username);
            insert.setString(2, username + "@sanctum.example");
            insert.setString(3, hash);
            insert.setString(4, role);
            insert.setBoolean(5, active);
            insert.executeUpdate();
        }
    }

    private static void agent(Connection db, String id, String uid, String name, String status, String config, String users, String roles)
            throws Exception {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO agents (id, letta_uid, name, description, status, created_by, config,"
                + " is_active, visible_to_users, visible_to_roles) VALUES (?, ?, ?, 'from the installer', ?, 1, ?, 1, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, uid);
            insert.setString(3, name);
            insert.setString(4, status);
            insert.setString(5, config);
            insert.setString(6, users);
            insert.setString(7, roles);
            insert.executeUpdate();
        }
    }

    private static long idOf(Connection db, String username) throws Exception {
        try (Statement select = db.createStatement()) {
            return select.executeQuery("SELECT id FROM users WHERE username = '" + username + "'").getLong(1);
        }
    }

    private static Cli.Result login(Cli cli, String user, String password) {
        cli.env("ANIMUS_PASSWORD", password);
        Cli.Result result = cli.run("login", "--user", user);
        cli.env("ANIMUS_PASSWORD", null);
        return result;
    }

    @Test
    void anInstallerDatabaseMovesInWithItsPasswordsAndASecondImportChangesNothing(Cli cli, @TempDir Path folder) throws Exception {
        cli.loggedIn();
        String tag = RunningRegistry.random(5).toLowerCase();
        Path file = folder.resolve("sanctum_ui.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement ddl = db.createStatement()) {
                for (String statement : SCHEMA.split(";")) {
                    if (!statement.isBlank()) {
                        ddl.execute(statement);
                    }
                }
            }
            user(db, "admin", "admin", hash2b("installer-admin-password", 10), true);
            user(db, "alice-" + tag, "user", hash2b("Alice-installer-pass", 10), true);
            user(db, "bob-" + tag, "viewer", hash2b("Bob-installer-pass", 11), true);
            user(db, "gone-" + tag, "user", hash2b("Gone-installer-pass", 10), false);
            user(db, "weak-" + tag, "user", "$2b$04$" + BcryptUtil.bcryptHash("weak", 4).substring(7), true);
            user(db, "plain-" + tag, "user", "not-a-hash", true);
            user(db, "boss-" + tag, "superuser", hash2b("Boss-installer-pass", 10), true);
            long alice = idOf(db, "alice-" + tag);
            long bob = idOf(db, "bob-" + tag);
            agent(db, "iris", "iris-" + tag, "Iris " + tag, "Healthy", "{\"version\": \"0.8.3\", \"context_window\": 8192}", null, null);
            agent(db, "athena", "athena-" + tag, "Athena " + tag, "Ready", null, "[" + alice + ", " + bob + ", 999]", "[\"user\", \"viewer\"]");
            agent(db, "broken-json", "broken-" + tag, "Broken " + tag, "Healthy", "{not json", null, null);
            agent(db, "broken-status", "odd-" + tag, "Odd " + tag, "Exploded", null, null, null);
            agent(db, "blank", " ", "Blank " + tag, "Healthy", null, null, null);
        }

        Cli.Result dry = ok(cli.run("import", "installer", file.toString(), "--dry-run"));
        assertTrue(dry.out().contains("+ user alice-" + tag), dry::toString);
        assertTrue(dry.out().contains("+ agent athena-" + tag), dry::toString);
        assertTrue(dry.out().contains("Dry run"), dry::toString);
        assertEquals(Exit.REFUSED, login(cli, "alice-" + tag, "Alice-installer-pass").status(), "a dry run writes nothing");

        cli.loggedIn();
        Cli.Result imported = ok(cli.run("import", "installer", file.toString()));
        String out = imported.out();
        assertTrue(out.contains("Users: 3 created"), out);
        assertTrue(out.contains("= user admin: the registry's own admin"), out);
        assertTrue(out.contains("weak-" + tag) && out.contains("cost 04"), out);
        assertTrue(out.contains("plain-" + tag) && out.contains("not bcrypt"), out);
        assertTrue(out.contains("boss-" + tag) && out.contains("superuser"), out);
        assertTrue(out.contains("broken-" + tag) && out.contains("not valid JSON"), out);
        assertTrue(out.contains("odd-" + tag) && out.contains("Exploded"), out);
        assertTrue(out.contains("user #999"), out);
        assertTrue(out.contains("Agents: 2 created"), out);

        ok(login(cli, "alice-" + tag, "Alice-installer-pass"));
        ok(login(cli, "bob-" + tag, "Bob-installer-pass"));
        assertEquals(Exit.REFUSED, login(cli, "gone-" + tag, "Gone-installer-pass").status(), "an inactive account stays inactive");
        assertEquals(Exit.REFUSED, login(cli, "admin", "installer-admin-password").status(), "the registry's admin keeps its own password");
        cli.loggedIn();

        JsonNode state = Output.JSON.readTree(ok(cli.run("state", "export", "-o", "json")).out());
        JsonNode athena = null;
        for (JsonNode agent : state.path("agents")) {
            if (agent.path("letta_uid").asText().equals("athena-" + tag)) {
                athena = agent;
            }
        }
        assertEquals(Output.JSON.readTree("[\"alice-" + tag + "\", \"bob-" + tag + "\"]"), athena.get("visible_to_users"));
        assertEquals(Output.JSON.readTree("[\"user\", \"viewer\"]"), athena.get("visible_to_roles"));

        Cli.Result second = ok(cli.run("import", "installer", file.toString()));
        assertTrue(second.out().contains("Users: 0 created, 0 updated"), second::toString);
        assertTrue(second.out().contains("= agent athena-" + tag + ": conflict"), second::toString);
        assertTrue(second.out().contains("Agents: nothing to change."), second::toString);
        assertEquals(state, Output.JSON.readTree(ok(cli.run("state", "export", "-o", "json")).out()), "a second import changes nothing");

        Cli.Result overwritten = ok(cli.run("import", "installer", file.toString(), "--overwrite"));
        assertTrue(overwritten.out().contains("Users: 0 created, 3 updated"), overwritten::toString);
        ok(login(cli, "alice-" + tag, "Alice-installer-pass"));
    }

    @Test
    void anAnimusHomeInBothLayoutsBecomesAgentSettingsPlannedFirst(Cli cli, @TempDir Path home) throws Exception {
        cli.loggedIn();
        String tag = RunningRegistry.random(5).toLowerCase();
        String first = "721679f6-" + tag;
        String second = "9a2b3c4d-" + tag;
        ok(cli.run("agents", "create", "--set", "letta_uid=" + first, "--set", "name=home-one-" + tag));
        ok(cli.run("agents", "create", "--set", "letta_uid=" + second, "--set", "name=home-two-" + tag));
        Path one = Files.createDirectories(home.resolve("agent-" + first));
        Files.writeString(one.resolve(".env"), """
                # Agent configuration
                AGENT_ENDPOINT=https://letta.example/api/v1
                AGENT_API_KEY="sk-agent-secret"
                export MESSAGE_MODE=live
                TELEGRAM_API_HASH=abc123 # from my.telegram.org
                %s=too long
                """.formatted("K".repeat(101)));
        Files.writeString(one.resolve("settings.json"), """
                {"agent": {"id": "%s", "name": "My Agent"},
                 "message_processing": {"mode": "live", "queue_refresh": 5, "max_retries": 3},
                 "plugins": {"telegram": {"enabled": true, "parse_mode": "MarkdownV2"}},
                 "tags": ["a", "b"]}
                """.formatted(first));
        Path module = Files.createDirectories(home.resolve("agents/agent-" + second + "/broca2/config"));
        Files.writeString(module.resolve(".env"), "PORT=9101\nDB=../db/broca2.sqlite\nBOT_TOKEN=123:abc\n");
        Files.createDirectories(home.resolve("agent-unknown-" + tag));

        Cli.Result dry = ok(cli.run("import", "home", home.toString(), "--dry-run"));
        String out = dry.out();
        assertTrue(out.contains("[\"" + first + "\",\"AGENT_API_KEY\"]") && out.contains("value: (secret, new)"), out);
        assertTrue(out.contains("[\"" + first + "\",\"message_processing.queue_refresh\"]"), out);
        assertTrue(out.contains("[\"" + second + "\",\"broca2.PORT\"]"), out);
        assertTrue(out.contains("longer than the 100 characters"), out);
        assertTrue(out.contains("no agent with letta_uid unknown-" + tag), out);
        assertFalse(out.contains("sk-agent-secret") || out.contains("123:abc"), "no secret printed: " + out);
        assertTrue(out.contains("Dry run"), out);

        Cli.Result unasked = cli.run("import", "home", home.toString());
        assertEquals(Exit.USAGE, unasked.status(), unasked::toString);
        Cli.Result applied = ok(cli.run("import", "home", home.toString(), "--yes"));
        assertTrue(applied.out().contains("Applied: 15 created"), applied::toString);

        JsonNode state = Output.JSON.readTree(ok(cli.run("state", "export", "-o", "json")).out());
        for (JsonNode agent : state.path("agents")) {
            if (agent.path("letta_uid").asText().equals(first)) {
                for (JsonNode setting : agent.path("settings")) {
                    switch (setting.path("key").asText()) {
                        case "AGENT_API_KEY", "TELEGRAM_API_HASH" -> assertEquals("keep", setting.path("value").path("secret").asText(), setting.toString());
                        case "message_processing.queue_refresh" -> {
                            assertEquals("5", setting.path("value").asText());
                            assertEquals("number", setting.path("type").asText());
                        }
                        case "tags" -> assertEquals("json", setting.path("type").asText());
                        case "TELEGRAM_API_HASH_" -> throw new AssertionError();
                        default -> {
                        }
                    }
                }
            }
        }
        Cli.Result again = ok(cli.run("import", "home", home.toString(), "--yes"));
        assertTrue(again.out().contains("Nothing to apply."), again::toString);
    }
}
