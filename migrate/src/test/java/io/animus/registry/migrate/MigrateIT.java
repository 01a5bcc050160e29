package io.animus.registry.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The packaged migration (the jar, or the native executable with -Dnative) run as an operator runs it. */
class MigrateIT {

    private static EmbeddedPostgres postgres;

    @TempDir
    static Path folder;

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(folder.resolve("pg")).setCleanDataDirectory(true).start();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void appliesEveryChangesetOnceAndReportsIt() throws Exception {
        String database = freshDatabase("applied");
        int changesets = changesetsInChangelog();

        Run status = migrate(database, "status");
        assertEquals(0, status.exit, status.output);
        assertTrue(status.output.contains(changesets + " changesets to apply"), status.output);
        assertFalse(tableExists(database, "agents"), "status applies nothing");

        Run first = migrate(database);
        assertEquals(0, first.exit, first.output);
        assertTrue(first.output.contains("Applied " + changesets + " changesets; the schema is current"), first.output);
        assertEquals(changesets, count(database, "SELECT count(*) FROM databasechangelog"));
        assertTrue(tableExists(database, "agents"));
        assertTrue(tableExists(database, "web_chat_messages"));

        Run second = migrate(database);
        assertEquals(0, second.exit, second.output);
        assertTrue(second.output.contains("Applied 0 changesets; the schema is current"), second.output);
        assertEquals(changesets, count(database, "SELECT count(*) FROM databasechangelog"));

        Run current = migrate(database, "status");
        assertTrue(current.output.contains("0 changesets to apply: the schema is current"), current.output);
    }

    @Test
    void withoutADatabaseItNamesTheSettingsAndAppliesNothing() throws Exception {
        Run run = run(Map.of(), List.of());
        assertEquals(2, run.exit, run.output);
        assertTrue(run.output.contains("QUARKUS_DATASOURCE_JDBC_URL"), run.output);
        assertFalse(run.output.contains("\tat "), "no stack trace: " + run.output);
    }

    @Test
    void aDatabaseItCannotReachIsAFailureWithItsReason() throws Exception {
        Map<String, String> settings = settings("no_such_database");
        settings.put("QUARKUS_DATASOURCE_PASSWORD", "not-to-be-printed-7f3a");
        Run run = run(settings, List.of());
        assertEquals(1, run.exit, run.output);
        assertTrue(run.output.contains("The migration failed"), run.output);
        assertTrue(run.output.contains("no_such_database"), run.output);
        assertFalse(run.output.contains("not-to-be-printed-7f3a"), "the password stays out of the output");
        assertFalse(run.output.contains("\tat "), "no stack trace: " + run.output);
    }

    @Test
    void anUnknownArgumentIsAUsageError() throws Exception {
        String database = freshDatabase("usage");
        Run run = migrate(database, "downgrade");
        assertEquals(2, run.exit, run.output);
        assertTrue(run.output.contains("Usage: animus-registry-migrate [status]"), run.output);
        assertFalse(tableExists(database, "databasechangelog"), "nothing was touched");
    }

    private record Run(int exit, String output) {
    }

    private static Run migrate(String database, String... args) throws Exception {
        return run(settings(database), List.of(args));
    }

    private static Map<String, String> settings(String database) {
        Map<String, String> settings = new HashMap<>();
        settings.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database);
        settings.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        settings.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        return settings;
    }

    private static Run run(Map<String, String> settings, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        String executable = System.getProperty("animus.migrate.native", "");
        if (executable.isBlank()) {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                    "-jar", Path.of(System.getProperty("animus.migrate.jar")).toAbsolutePath().toString()));
        } else {
            command.add(Path.of(executable).toAbsolutePath().toString());
        }
        command.addAll(args);
        Path log = Files.createTempFile(folder, "migrate", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_"));
        builder.environment().putAll(settings);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the migration did not end within 120 s: " + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }

    private static String freshDatabase(String name) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    private static long count(String database, String query) throws SQLException {
        try (Connection connection = postgres.getDatabase("postgres", database).getConnection();
                Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static boolean tableExists(String database, String table) throws SQLException {
        return count(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = '" + table + "'") == 1;
    }

    /** The changesets of the changelog's files, counted from the files themselves. */
    private static int changesetsInChangelog() throws IOException {
        Pattern changeset = Pattern.compile("(?m)^--changeset\\s");
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("animus.changelog")))) {
            int count = 0;
            for (Path file : files.filter(path -> path.toString().endsWith(".sql")).toList()) {
                Matcher matcher = changeset.matcher(Files.readString(file));
                while (matcher.find()) {
                    count++;
                }
            }
            return count;
        }
    }
}
