package io.animus.registry.migrate;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.liquibase.LiquibaseFactory;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.ui.LoggerUIService;

/**
 * Brings the registry's database to the schema of this version: applies the changesets it does not hold yet,
 * reports them, and exits. {@code status} lists them without applying anything.
 * <p>
 * Exit status: 0 when the schema is current (or, with {@code status}, was listed), 1 when the migration failed
 * (nothing of the failed changeset is kept: each runs in its own transaction), 2 for a usage error or a missing
 * database setting.
 */
@QuarkusMain
public class Migrate implements QuarkusApplication {

    static final String URL = "quarkus.datasource.jdbc.url";

    private static final Logger LOG = Logger.getLogger(Migrate.class);

    @Inject
    Config config;

    @Inject
    Instance<LiquibaseFactory> liquibaseFactory;

    @Override
    public int run(String... args) {
        boolean statusOnly = args.length == 1 && args[0].equals("status");
        if (args.length > 1 || (args.length == 1 && !statusOnly)) {
            System.err.println("Usage: animus-registry-migrate [status]\n"
                    + "  (no argument)  apply the changesets the database does not hold yet\n"
                    + "  status         list them, apply nothing");
            return 2;
        }
        if (config.getOptionalValue(URL, String.class).filter(url -> !url.isBlank()).isEmpty()) {
            LOG.error("No database is configured. Set QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and "
                    + "QUARKUS_DATASOURCE_PASSWORD (quarkus.datasource.jdbc.url, .username, .password): the registry's "
                    + "PostgreSQL, as the service is given it.");
            return 2;
        }
        LiquibaseFactory factory = liquibaseFactory.get();
        try (Liquibase liquibase = factory.createLiquibase()) {
            List<ChangeSet> pending = liquibase.listUnrunChangeSets(factory.createContexts(), factory.createLabels());
            if (statusOnly) {
                LOG.infof("%d changesets to apply%s", pending.size(), pending.isEmpty() ? ": the schema is current" : ":");
                pending.forEach(changeSet -> LOG.infof("  %s::%s", changeSet.getFilePath(), changeSet.getId()));
                return 0;
            }
            pending.forEach(changeSet -> LOG.infof("Applying %s::%s", changeSet.getFilePath(), changeSet.getId()));
            // Liquibase's own report (each changeset again, and a summary table) goes to its log category, at WARN
            Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService(), "liquibase.command.showSummary", "OFF"),
                    () -> liquibase.update(factory.createContexts(), factory.createLabels()));
            LOG.infof("Applied %d changesets; the schema is current", pending.size());
            return 0;
        } catch (Exception e) {
            LOG.errorf("The migration failed: %s", message(e));
            return 1;
        }
    }

    /** The causes' messages, outermost first, without stack traces. */
    private static String message(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString();
    }
}
