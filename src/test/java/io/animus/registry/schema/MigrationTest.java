package io.animus.registry.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.animus.registry.devmode.SchemaMigration;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;

/**
 * The Liquibase changelogs: all applied by the harness (as by the migration artifact), idempotent, and complete on
 * an empty database.
 */
@QuarkusTest
class MigrationTest {

    private static final String CHANGELOG_FOLDER = "db/changelog/";
    private static final String MASTER = SchemaMigration.MASTER;

    @Inject
    AgroalDataSource dataSource;

    Sql sql;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
    }

    @Test
    void everyChangesetOfTheChangelogFilesHasBeenApplied() {
        List<String> expected = changesetsInChangelogFiles();
        assertTrue(expected.size() >= 14, () -> "the four phases hold at least 14 changesets: " + expected);
        List<String> applied = appliedChangesets(sql);
        assertEquals(expected, applied);
        assertEquals(List.of("EXECUTED"), sql.strings("SELECT DISTINCT exectype FROM databasechangelog"));
    }

    @Test
    void aSecondRunOfLiquibaseChangesNothing() throws Exception {
        List<Map<String, Object>> before = sql.rows("SELECT id, author, filename, md5sum, dateexecuted, orderexecuted "
                + "FROM databasechangelog ORDER BY orderexecuted");
        try (Connection connection = dataSource.getConnection(); Liquibase liquibase = SchemaMigration.on(connection)) {
            liquibase.validate();
            assertEquals(List.of(), liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression()));
            liquibase.update(new Contexts(), new LabelExpression());
        }
        assertEquals(before, sql.rows("SELECT id, author, filename, md5sum, dateexecuted, orderexecuted "
                + "FROM databasechangelog ORDER BY orderexecuted"));
    }

    @Test
    void theChangelogsBuildTheSchemaOnAnEmptyDatabase() throws Exception {
        withEmptyDatabase(fresh -> {
            try (Connection connection = fresh.getConnection(); Liquibase liquibase = SchemaMigration.on(connection)) {
                liquibase.update(new Contexts(), new LabelExpression());
            }
            Sql freshSql = new Sql(fresh);
            assertTrue(userTables(freshSql).containsAll(ExpectedSchema.TABLES), () -> "the seed's tables are built");
            assertEquals(changesetsInChangelogFiles(), appliedChangesets(freshSql));
        });
    }

    @Test
    void everyChangesetRollsBackAndReappliesOnAnEmptyDatabase() throws Exception {
        withEmptyDatabase(fresh -> {
            int changesets = changesetsInChangelogFiles().size();
            try (Connection connection = fresh.getConnection(); Liquibase liquibase = SchemaMigration.on(connection)) {
                liquibase.update(new Contexts(), new LabelExpression());
                liquibase.rollback(changesets, new Contexts(), new LabelExpression());
                assertEquals(List.of(), userTables(new Sql(fresh)));
                assertEquals(List.of(), new Sql(fresh).strings("SELECT proname FROM pg_proc "
                        + "WHERE pronamespace = 'public'::regnamespace"));
                liquibase.update(new Contexts(), new LabelExpression());
            }
            assertTrue(userTables(new Sql(fresh)).containsAll(ExpectedSchema.TABLES), () -> "the seed's tables are rebuilt");
        });
    }

    /** A database function is code: a changed definition is applied again, not refused as a changed changeset. */
    @Test
    void aChangedFunctionIsReappliedOnAnExistingDatabase() throws Exception {
        withEmptyDatabase(fresh -> {
            Sql freshSql = new Sql(fresh);
            try (Connection connection = fresh.getConnection(); Liquibase liquibase = SchemaMigration.on(connection)) {
                liquibase.update(new Contexts(), new LabelExpression());
            }
            // as a database migrated with an earlier definition of the functions looks
            freshSql.update("UPDATE databasechangelog SET md5sum = '9:00000000000000000000000000000000' WHERE id LIKE '%-function'");
            freshSql.update("CREATE OR REPLACE FUNCTION inherit_tool_module_scope() RETURNS trigger LANGUAGE plpgsql "
                    + "AS $$ BEGIN RETURN NEW; END $$");
            try (Connection connection = fresh.getConnection(); Liquibase liquibase = SchemaMigration.on(connection)) {
                liquibase.update(new Contexts(), new LabelExpression());
            }
            assertEquals(List.of(), freshSql.strings("SELECT id FROM databasechangelog WHERE md5sum LIKE '9:0000%'"));
            assertTrue(freshSql.value(String.class, "SELECT prosrc FROM pg_proc WHERE proname = 'inherit_tool_module_scope'")
                    .contains("foreign_key_violation"));
            assertEquals(changesetsInChangelogFiles().size(), freshSql.value(Long.class, "SELECT count(*) FROM databasechangelog").intValue());
        });
    }

    /** The changesets of the files the master changelog includes, in order, as {@code file::id::author}. */
    static List<String> changesetsInChangelogFiles() {
        List<String> changesets = new ArrayList<>();
        Matcher include = Pattern.compile("<include\\s+file=\"([^\"]+)\"").matcher(resource(MASTER));
        while (include.find()) {
            String file = CHANGELOG_FOLDER + include.group(1);
            Matcher changeset = Pattern.compile("(?m)^--changeset\\s+([^:\\s]+):(\\S+)").matcher(resource(file));
            while (changeset.find()) {
                changesets.add(file + "::" + changeset.group(2) + "::" + changeset.group(1));
            }
        }
        return changesets;
    }

    private static List<String> appliedChangesets(Sql sql) {
        return sql.strings("SELECT filename || '::' || id || '::' || author FROM databasechangelog ORDER BY orderexecuted");
    }

    private static List<String> userTables(Sql sql) {
        return sql.strings("""
                SELECT tablename FROM pg_tables WHERE schemaname = 'public'
                  AND tablename NOT IN ('databasechangelog', 'databasechangeloglock')
                ORDER BY tablename""");
    }

    interface DatabaseWork {
        void run(PGSimpleDataSource database) throws Exception;
    }

    /** Creates an empty database on the test server, hands it to {@code work}, and drops it. */
    private void withEmptyDatabase(DatabaseWork work) throws Exception {
        String name = "animus_empty_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql.update("CREATE DATABASE " + name);
        try {
            PGSimpleDataSource fresh = new PGSimpleDataSource();
            String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
            fresh.setURL(url.replaceFirst("/[^/?]+(\\?.*)?$", "/" + name));
            fresh.setUser(ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class));
            try (Connection probe = fresh.getConnection()) {
                assertEquals(name, probe.getCatalog());
            }
            work.run(fresh);
        } finally {
            sql.update("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static String resource(String path) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
