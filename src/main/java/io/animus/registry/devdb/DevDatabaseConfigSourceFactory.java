package io.animus.registry.devdb;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Gives dev mode a database with no set-up, and production a clear refusal without one.
 * <p>
 * In the {@code dev} profile with no {@code quarkus.datasource.jdbc.url}, it starts the embedded
 * PostgreSQL in {@code <animus.data-dir>/postgres} and supplies its URL. The server lives as long as
 * the JVM: its URL is kept in a system property, so that a live reload reuses it. In the
 * {@code prod} profile with no URL, it stops the start with the settings to give.
 */
public class DevDatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";

    private static final Logger LOG = Logger.getLogger(DevDatabaseConfigSourceFactory.class);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (isSet(context.getValue(URL))) {
            return List.of();
        }
        List<String> profiles = context.getProfiles();
        if (profiles.contains("dev")) {
            return List.of(startEmbedded(context));
        }
        if (profiles.contains("prod") && isRuntime(context)) {
            throw new MissingDatabaseException();
        }
        return List.of();
    }

    private static ConfigSource startEmbedded(ConfigSourceContext context) {
        Path dataDir = DataDirectory.resolve(context.getValue(DataDirectory.PROPERTY).getValue());
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), false);
        Runtime.getRuntime().addShutdownHook(new Thread(database::stop, "embedded-postgres-stop"));
        LOG.infof("Embedded PostgreSQL started at %s (user %s, data in %s)",
                database.jdbcUrl(), EmbeddedDatabase.USER, dataDir.resolve("postgres"));
        // Kept JVM-wide so that a dev-mode reload finds the running server instead of starting another.
        System.setProperty(URL, database.jdbcUrl());
        System.setProperty(USERNAME, EmbeddedDatabase.USER);
        return new PropertiesConfigSource(Map.of(URL, database.jdbcUrl(), USERNAME, EmbeddedDatabase.USER),
                "animus-embedded-postgres", 275);
    }

    /**
     * Whether this is the start of the service rather than the build of its package, which reads
     * the {@code prod} configuration too: Quarkus's build classes are present only while building.
     */
    private static boolean isRuntime(ConfigSourceContext context) {
        try {
            Class.forName("io.quarkus.deployment.Capabilities", false, DevDatabaseConfigSourceFactory.class.getClassLoader());
            return false;
        } catch (ClassNotFoundException e) {
            return true;
        }
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }

    /** The start of a production service without a database. */
    public static final class MissingDatabaseException extends IllegalStateException {
        MissingDatabaseException() {
            super("No database is configured. Set QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and "
                    + "QUARKUS_DATASOURCE_PASSWORD (quarkus.datasource.jdbc.url, .username, .password) to an external "
                    + "PostgreSQL. For a local run on an embedded PostgreSQL, use ./mvnw quarkus:dev");
        }
    }
}
