package io.animus.registry.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.animus.registry.devmode.EmbeddedDatabase;

/**
 * The migration image ({@code animus/animus-registry-migrate}), run as the Kubernetes Job runs it: on an empty
 * database it applies every changeset and exits with 0, run again it applies none and exits with 0, without a
 * database it exits with 2 naming the setting, and with a database it cannot reach it exits with 1. The serving
 * images contain no Liquibase; the migration images do (so that the check can fail).
 */
class MigrationImageIT {

    private static final Pattern APPLIED = Pattern.compile("Applied (\\d+) changesets; the schema is current");

    @ParameterizedTest
    @EnumSource(value = Images.class, names = { "MIGRATE_JVM", "MIGRATE_NATIVE" })
    void onAnEmptyDatabaseItAppliesEveryChangesetAndRunAgainItAppliesNone(Images variant) throws SQLException {
        String image = variant.image();
        try (Deployment deployment = new Deployment(image, image)) {
            long start = System.nanoTime();
            Podman.Result first = deployment.migrate();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, first.exitCode(), first.output());
            int applied = applied(first.output());
            assertTrue(applied > 0, first.output());
            try (Connection db = DriverManager.getConnection(deployment.jdbcUrl(), EmbeddedDatabase.USER, "");
                    ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM databasechangelog")) {
                rows.next();
                assertEquals(applied, rows.getLong(1), "changesets in databasechangelog");
            }

            Podman.Result second = deployment.migrate();
            assertEquals(0, second.exitCode(), second.output());
            assertEquals(0, applied(second.output()), second.output());

            Podman.Result status = deployment.migrate(deployment.migrationSettings(), "status");
            assertEquals(0, status.exitCode(), status.output());
            assertTrue(status.output().contains("0 changesets to apply: the schema is current"), status.output());
            Deployment.figure(String.format("%-20s %-52s applied %d changesets to an empty database in %d ms (podman run to exit)",
                    variant.key, image, applied, millis));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Images.class, names = { "MIGRATE_JVM", "MIGRATE_NATIVE" })
    void withoutADatabaseItExitsWith2NamingTheSetting(Images variant) {
        Podman.Result result = Podman.run(Duration.ofSeconds(120), "run", "--rm", "--network=none", "--read-only",
                "--user=1001:0", variant.image());
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("QUARKUS_DATASOURCE_JDBC_URL"), result.output());
    }

    @ParameterizedTest
    @EnumSource(value = Images.class, names = { "MIGRATE_JVM", "MIGRATE_NATIVE" })
    void aDatabaseItCannotReachFailsTheMigrationWith1(Images variant) {
        String image = variant.image();
        try (Deployment deployment = new Deployment(image, image)) {
            Map<String, String> settings = deployment.migrationSettings();
            // a port of the host nothing listens on: the connection is refused at once
            settings.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + deployment.port + "/animus_registry");
            Podman.Result result = deployment.migrate(settings);
            assertEquals(1, result.exitCode(), result.output());
            assertTrue(result.output().contains("The migration failed"), result.output());
            assertFalse(result.output().contains("Applied"), result.output());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Images.class, names = { "JVM", "NATIVE", "NATIVE_MICRO" })
    void aServingImageContainsNoLiquibase(Images variant) {
        String image = variant.image();
        assertFalse(containsLiquibase(variant, image), image + " contains Liquibase");
    }

    @ParameterizedTest
    @EnumSource(value = Images.class, names = { "MIGRATE_JVM", "MIGRATE_NATIVE" })
    void theMigrationImageContainsLiquibase(Images variant) {
        String image = variant.image();
        assertTrue(containsLiquibase(variant, image), image + " contains no Liquibase: the check of the serving images cannot fail");
    }

    /** The number of changesets a migration container reported applying. */
    private static int applied(String output) {
        Matcher matcher = APPLIED.matcher(output);
        assertTrue(matcher.find(), "no \"Applied N changesets\" line: " + output);
        return Integer.parseInt(matcher.group(1));
    }

    /**
     * Whether an image holds Liquibase: for a JVM image, a {@code liquibase} jar under {@code /deployments/lib};
     * for a native one, Liquibase's main class among the executable's strings.
     */
    private static boolean containsLiquibase(Images variant, String image) {
        if (variant.jvm()) {
            String jars = Podman.ok("run", "--rm", "--network=none", "--entrypoint", "find", image, "/deployments/lib", "-name", "*.jar");
            assertTrue(jars.contains(".jar"), "no jars under /deployments/lib of " + image + ": " + jars);
            return jars.lines().anyMatch(jar -> jar.toLowerCase().contains("liquibase"));
        }
        String container = "animus-registry-test-liquibase-" + UUID.randomUUID().toString().substring(0, 8);
        Podman.ok("create", "--name", container, image);
        try {
            Path executable = Files.createTempFile("animus-registry-image", ".runner");
            try {
                Podman.ok("cp", container + ":/work/application", executable.toString());
                String text = new String(Files.readAllBytes(executable), StandardCharsets.ISO_8859_1);
                assertTrue(text.contains("io.quarkus"), "not a Quarkus executable: " + image);
                return List.of("liquibase.Liquibase", "liquibase/Liquibase").stream().anyMatch(text::contains);
            } finally {
                Files.deleteIfExists(executable);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Podman.run(Duration.ofSeconds(60), "rm", "-f", container);
        }
    }
}
