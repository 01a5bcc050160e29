package io.animus.registry.devmode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import io.animus.registry.health.SchemaReadiness;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Applies the registry's changelogs in dev mode and in the tests' harness, as the one-shot migration artifact
 * ({@code migrate/}) does for a deployment.
 * <p>
 * Liquibase is a {@code provided} dependency: present in dev mode and the tests, absent from the packaged
 * application, its images and the native binary, whose serving never migrates.
 */
public final class SchemaMigration {

    /** The master changelog, the one the service's readiness check counts. */
    public static final String MASTER = SchemaReadiness.MASTER;

    private SchemaMigration() {
    }

    /** Applies every changeset the database at {@code url} does not hold yet. */
    public static void migrate(String url, String user, String password) {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password == null ? "" : password);
        try (Connection connection = DriverManager.getConnection(url, credentials); Liquibase liquibase = on(connection)) {
            // Liquibase's report goes to the log (its category is at WARN), not to the console line by line
            Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService(), "liquibase.command.showSummary", "OFF"),
                    () -> liquibase.update(new Contexts(), new LabelExpression()));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not connect to " + url + " to migrate it: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("The migration of " + url + " failed: " + e.getMessage(), e);
        }
    }

    /** Liquibase on an open connection, with the changelogs of this class loader. */
    public static Liquibase on(Connection connection) throws Exception {
        return new Liquibase(MASTER, new ClassLoaderResourceAccessor(Thread.currentThread().getContextClassLoader()),
                new JdbcConnection(connection));
    }
}
