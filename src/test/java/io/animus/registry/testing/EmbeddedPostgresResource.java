package io.animus.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

import io.animus.registry.devmode.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts a real, empty PostgreSQL for the test run and points the service at it. */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

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
