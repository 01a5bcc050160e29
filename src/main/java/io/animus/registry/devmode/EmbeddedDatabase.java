package io.animus.registry.devmode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server run from the binaries of a Maven artifact, for dev mode and tests.
 * <p>
 * The production artifact never contains it: the dependency is {@code provided} and the native
 * binary leaves out dev mode (see {@code DevModeSubstitutions}). PostgreSQL refuses to
 * run as root; the server is started in a user namespace ({@code unshare -U}) where it is not.
 */
public final class EmbeddedDatabase {

    /** Superuser of the embedded server, trusted on the loopback interface only. */
    public static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private EmbeddedDatabase(EmbeddedPostgres server) {
        this.server = server;
    }

    /**
     * Starts a server on the given data folder, creating the cluster when the folder holds none.
     *
     * @param dataDirectory the cluster's folder; kept between runs unless {@code clean}
     * @param clean whether to wipe the folder first (tests) or keep its data (dev mode)
     */
    public static EmbeddedDatabase start(Path dataDirectory, boolean clean) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(clean)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    // statement counts per database (pg_stat_statements): what a request costs, for tests and dev mode
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .start();
            return new EmbeddedDatabase(server);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
    }

    public int port() {
        return server.getPort();
    }

    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
