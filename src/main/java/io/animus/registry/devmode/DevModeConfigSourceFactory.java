package io.animus.registry.devmode;

import java.nio.file.Path;
import java.util.HashMap;
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
 * Gives dev mode a database and keys with no set-up, and production a clear refusal without a database.
 * <p>
 * In the {@code dev} profile, settings left unset are supplied from the data folder: the embedded
 * PostgreSQL in {@code <animus.data-dir>/postgres} (kept running for the JVM's lifetime; its URL is
 * kept in a system property so that a live reload reuses it) and keys generated into
 * {@code <animus.data-dir>/keys}. Dev mode's database, embedded or given, is migrated first (the packaged
 * application never migrates: see {@link SchemaMigration}). In the {@code prod} profile with no database URL, the
 * start stops with the settings to give.
 */
public class DevModeConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";
    static final String SIGN_KEY = "smallrye.jwt.sign.key.location";
    static final String VERIFY_KEY = "mp.jwt.verify.publickey.location";
    static final String SECRETS_KEY = "animus.secrets.key";

    private static final int PRIORITY = 275;
    private static final Logger LOG = Logger.getLogger(DevModeConfigSourceFactory.class);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        if (profiles.contains("dev")) {
            return List.of(new PropertiesConfigSource(devSettings(context), "animus-dev-mode", PRIORITY));
        }
        if (profiles.contains("prod") && isRuntime() && !isSet(context.getValue(URL))) {
            throw new MissingDatabaseException(!isSet(context.getValue(SIGN_KEY)) || !isSet(context.getValue(VERIFY_KEY)));
        }
        return List.of();
    }

    private static Map<String, String> devSettings(ConfigSourceContext context) {
        Path dataDir = DataDirectory.resolve(context.getValue(DataDirectory.PROPERTY).getValue());
        Map<String, String> settings = new HashMap<>();
        if (!isSet(context.getValue(URL))) {
            EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), false);
            Runtime.getRuntime().addShutdownHook(new Thread(database::stop, "embedded-postgres-stop"));
            LOG.infof("Embedded PostgreSQL started at %s (user %s, data in %s)",
                    database.jdbcUrl(), EmbeddedDatabase.USER, dataDir.resolve("postgres"));
            System.setProperty(URL, database.jdbcUrl());
            System.setProperty(USERNAME, EmbeddedDatabase.USER);
            settings.put(URL, database.jdbcUrl());
            settings.put(USERNAME, EmbeddedDatabase.USER);
        }
        String url = settings.getOrDefault(URL, value(context, URL));
        String user = settings.getOrDefault(USERNAME, value(context, USERNAME));
        SchemaMigration.migrate(url, user, value(context, PASSWORD));
        Path keys = dataDir.resolve("keys");
        DevKeys.ensure(keys);
        if (!isSet(context.getValue(SIGN_KEY)) && !isSet(context.getValue(VERIFY_KEY))) {
            settings.put(SIGN_KEY, keys.resolve(DevKeys.PRIVATE_KEY).toUri().toString());
            settings.put(VERIFY_KEY, keys.resolve(DevKeys.PUBLIC_KEY).toUri().toString());
        }
        if (!isSet(context.getValue(SECRETS_KEY))) {
            settings.put(SECRETS_KEY, DevKeys.secretsKey(keys));
        }
        return settings;
    }

    /**
     * Whether this is the start of the service rather than the build of its package, which reads
     * the {@code prod} configuration too: Quarkus's build classes are present only while building.
     */
    private static boolean isRuntime() {
        try {
            Class.forName("io.quarkus.deployment.Capabilities", false, DevModeConfigSourceFactory.class.getClassLoader());
            return false;
        } catch (ClassNotFoundException e) {
            return true;
        }
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(PRIORITY);
    }

    /** The start of a production service without a database (and, when {@code keysMissing}, without token keys). */
    public static final class MissingDatabaseException extends IllegalStateException {
        MissingDatabaseException(boolean keysMissing) {
            super("No database is configured. Set QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and "
                    + "QUARKUS_DATASOURCE_PASSWORD (quarkus.datasource.jdbc.url, .username, .password) to an external "
                    + "PostgreSQL." + (keysMissing ? " The keys of access tokens are missing too: set "
                            + "SMALLRYE_JWT_SIGN_KEY_LOCATION and MP_JWT_VERIFY_PUBLICKEY_LOCATION to PEM files." : "")
                    + " For a local run on an embedded PostgreSQL, use ./mvnw quarkus:dev");
        }
    }
}
