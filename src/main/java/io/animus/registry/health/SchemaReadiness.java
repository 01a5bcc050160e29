package io.animus.registry.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.agroal.api.AgroalDataSource;

/**
 * Ready only once the database holds every changeset of this version's changelog, so that a
 * replica of a newer version waits for its migration (the migration artifact, run by the Kubernetes
 * Job or the host unit's {@code ExecStartPre}) instead of serving an older schema. The service itself
 * never migrates.
 */
@Readiness
@ApplicationScoped
public class SchemaReadiness implements HealthCheck {

    /** The master changelog, which includes one file per phase (the migration artifact applies the same). */
    public static final String MASTER = "db/changelog/db.changelog-master.xml";
    private static final Pattern INCLUDE = Pattern.compile("<include\\s+file=\"([^\"]+)\"");
    private static final Pattern CHANGESET = Pattern.compile("(?m)^--changeset\\s");

    @Inject
    AgroalDataSource dataSource;

    private final int expected = countChangesets();
    private volatile boolean migrated;

    @Override
    public HealthCheckResponse call() {
        if (migrated) {
            return HealthCheckResponse.named("Database schema").up().withData("changesets", expected).build();
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet applied = statement.executeQuery(
                        "SELECT count(*) FROM databasechangelog WHERE to_regclass('databasechangelog') IS NOT NULL")) {
            applied.next();
            long count = applied.getLong(1);
            migrated = count >= expected;
            return HealthCheckResponse.named("Database schema").status(migrated)
                    .withData("changesets", count).withData("expected", expected).build();
        } catch (SQLException e) {
            return HealthCheckResponse.named("Database schema").down().withData("error", "schema not migrated").build();
        }
    }

    /** The changesets of the master changelog and the files it includes. */
    static int countChangesets() {
        String master = read(MASTER);
        Matcher include = INCLUDE.matcher(master);
        int count = 0;
        while (include.find()) {
            count += (int) CHANGESET.matcher(read("db/changelog/" + include.group(1))).results().count();
        }
        return count;
    }

    private static String read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing changelog resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
