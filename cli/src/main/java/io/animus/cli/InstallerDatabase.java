package io.animus.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.sqlite.SQLiteConfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The installer's control-panel database (SQLite, {@code control-dev/db/init_database.sql} of the
 * installer), read only: its users with their bcrypt hashes, and its agents with their visibility by user
 * id and role. A row the registry cannot take (no name, an unknown role or status, a hash that is not
 * bcrypt of cost 10 or more, malformed JSON) is kept aside as a problem with the reason, never guessed.
 */
final class InstallerDatabase {

    /** A user row as the installer keeps it. */
    record User(long id, String username, String email, String role, boolean active, String passwordHash) {
    }

    /** An agent row; {@code visibleToUsers} holds the installer's user ids. */
    record Agent(String letta_uid, String name, String description, String status, JsonNode config, boolean active,
            List<Long> visibleToUsers, List<String> visibleToRoles) {
    }

    /** A row left out, and why. */
    record Problem(String table, String row, String reason) {
        @Override
        public String toString() {
            return table + " " + row + ": " + reason;
        }
    }

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{2,99}");
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]\\$(\\d{2})\\$[./A-Za-z0-9]{53}$");
    private static final Set<String> ROLES = Set.of("admin", "user", "viewer");
    private static final Set<String> STATUSES = Set.of("Healthy", "Degraded", "Off", "Ready");

    final List<User> users = new ArrayList<>();
    final List<Agent> agents = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();

    static InstallerDatabase read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Failure(Exit.USAGE, file + " is not a file: give the installer's database (control-dev/db/sanctum_ui.db)");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        InstallerDatabase database = new InstallerDatabase();
        try (Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            database.readUsers(connection);
            database.readAgents(connection);
        } catch (SQLException e) {
            throw new Failure(Exit.USAGE, file + " cannot be read as the installer's database: " + e.getMessage());
        }
        return database;
    }

    private void readUsers(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, username, email, password_hash, role, is_active FROM users ORDER BY id")) {
            while (rows.next()) {
                long id = rows.getLong("id");
                String username = rows.getString("username");
                String email = rows.getString("email");
                String hash = rows.getString("password_hash");
                String role = rows.getString("role");
                String row = "#" + id + (username == null ? "" : " (" + username + ")");
                if (username == null || !USERNAME.matcher(username).matches()) {
                    problems.add(new Problem("users", row, "the username is not one the registry takes (3 to 100 letters, digits, '.', '_', '@', '-')"));
                } else if (email == null || !email.contains("@") || email.length() > 255) {
                    problems.add(new Problem("users", row, "no valid email"));
                } else if (role == null || !ROLES.contains(role)) {
                    problems.add(new Problem("users", row, "the role '" + role + "' is not admin, user or viewer"));
                } else if (hash == null || !BCRYPT.matcher(hash).matches()) {
                    problems.add(new Problem("users", row, "the password hash is not bcrypt"));
                } else if (Integer.parseInt(hash.substring(4, 6)) < 10) {
                    problems.add(new Problem("users", row, "the password hash is bcrypt of cost " + hash.substring(4, 6) + "; the registry takes cost 10 or more"));
                } else {
                    users.add(new User(id, username, email, role, bool(rows, "is_active"), hash));
                }
            }
        }
    }

    private void readAgents(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, letta_uid, name, description, status, config, is_active,"
                        + " visible_to_users, visible_to_roles FROM agents ORDER BY id")) {
            while (rows.next()) {
                String uid = rows.getString("letta_uid");
                String row = "'" + rows.getString("id") + "'" + (uid == null ? "" : " (" + uid + ")");
                try {
                    if (uid == null || uid.isBlank() || uid.length() > 100) {
                        throw new IllegalArgumentException("no letta_uid the registry takes (1 to 100 characters)");
                    }
                    String name = rows.getString("name");
                    if (name != null && (name.isBlank() || name.length() > 100)) {
                        throw new IllegalArgumentException("the name is blank or longer than 100 characters");
                    }
                    String status = rows.getString("status") == null ? "Ready" : rows.getString("status");
                    if (!STATUSES.contains(status)) {
                        throw new IllegalArgumentException("the status '" + status + "' is not Healthy, Degraded, Off or Ready");
                    }
                    JsonNode config = json(rows.getString("config"), "config");
                    JsonNode users = json(rows.getString("visible_to_users"), "visible_to_users");
                    JsonNode roles = json(rows.getString("visible_to_roles"), "visible_to_roles");
                    agents.add(new Agent(uid.strip(), name == null ? null : name.strip(), rows.getString("description"), status,
                            config, bool(rows, "is_active"), ids(users), roles(roles)));
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem("agents", row, e.getMessage()));
                }
            }
        }
    }

    private static boolean bool(ResultSet rows, String column) throws SQLException {
        Object value = rows.getObject(column);
        if (value == null) {
            return true;
        }
        String text = value.toString().strip().toLowerCase(java.util.Locale.ROOT);
        return !(text.equals("0") || text.equals("false") || text.equals("f") || text.equals("no"));
    }

    private static JsonNode json(String text, String column) {
        if (text == null || text.isBlank() || text.strip().equals("null")) {
            return null;
        }
        try {
            return Output.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(column + " is not valid JSON");
        }
    }

    private static List<Long> ids(JsonNode users) {
        if (users == null) {
            return null;
        }
        if (!users.isArray()) {
            throw new IllegalArgumentException("visible_to_users is not a list of user ids");
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode id : users) {
            boolean isId = id.isIntegralNumber() && id.canConvertToLong() || id.isTextual() && id.asText().matches("\\d{1,18}");
            if (!isId) {
                throw new IllegalArgumentException("visible_to_users holds " + id + ", not a user id");
            }
            ids.add(id.asLong());
        }
        return ids;
    }

    private static List<String> roles(JsonNode roles) {
        if (roles == null) {
            return null;
        }
        if (!roles.isArray()) {
            throw new IllegalArgumentException("visible_to_roles is not a list of roles");
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode role : roles) {
            if (!ROLES.contains(role.asText())) {
                throw new IllegalArgumentException("visible_to_roles holds '" + role.asText() + "', not admin, user or viewer");
            }
            labels.add(role.asText());
        }
        return labels;
    }
}
