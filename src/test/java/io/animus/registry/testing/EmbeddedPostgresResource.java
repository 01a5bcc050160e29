package io.animus.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

import io.animus.registry.devmode.EmbeddedDatabase;
import io.animus.registry.devmode.SchemaMigration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real PostgreSQL for the test run, applies the registry's changelogs to it (as a deployment's one-shot
 * migration does before its replicas start) and points the service at it.
 * <p>
 * The packaged-application tests find it empty: their {@link PackagedAppSettings} runs the migration artifact
 * on it, as a deployment does. Failsafe marks their run with the system property {@value #MIGRATION_ARTIFACT}.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    /** The migration artifact the packaged-application tests run (set by failsafe only). */
    static final String MIGRATION_ARTIFACT = "animus.migrate.jar";

    private static volatile Map<String, String> current = Map.of();

    private EmbeddedDatabase database;

    /** The connection settings of the database started last, for resources that start after this one. */
    public static Map<String, String> settings() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        try {
            database = EmbeddedDatabase.start(Files.createTempDirectory("animus-registry-test-pg"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (System.getProperty(MIGRATION_ARTIFACT) == null) {
            SchemaMigration.migrate(database.jdbcUrl(), EmbeddedDatabase.USER, "");
        }
        current = Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", EmbeddedDatabase.USER,
                "quarkus.datasource.password", "");
        return current;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.stop();
        }
    }
}
