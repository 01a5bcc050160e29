package io.animus.registry.database;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A database that hangs: while another session holds a lock on the agents table (as a stuck migration or a
 * forgotten psql transaction would), every request that needs the table answers a 503 problem within the
 * statement bound, writes nothing, and the next request after the lock is gone succeeds.
 */
@QuarkusTest
class StatementTimeoutTest {

    /** The bound a request must be answered within while the database hangs. */
    private static final long ANSWER_BOUND_MS = 5_000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    StatementTimeouts timeouts;

    Caller admin;

    @BeforeEach
    void caller() {
        admin = fixtures.caller(Role.ADMIN);
    }

    /** Held at once, so that the pool hands out the connections it opened during the start as well as new ones. */
    @Test
    void everyPooledConnectionCarriesTheBound() throws SQLException {
        java.util.List<Connection> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                held.add(dataSource.getConnection());
            }
            for (Connection connection : held) {
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SHOW statement_timeout")) {
                    rows.next();
                    assertEquals(timeouts.timeout().toSeconds() + "s", rows.getString(1));
                }
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void aHungTableAnswers503WithinTheBoundWritesNothingAndThePoolRecovers() throws Exception {
        String uid = Fixtures.unique("hang");
        // the same two requests once before the hang: what is measured below is the wait, not a first call's warm-up
        given().auth().oauth2(admin.token()).get("/api/v1/agents").then().statusCode(200);
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body("{\"letta_uid\": \"" + uid + "-warm\"}")
                .post("/api/v1/agents").then().statusCode(201);
        try (Connection locker = lockAgents()) {
            long start = System.nanoTime();
            given().auth().oauth2(admin.token()).get("/api/v1/agents").then().statusCode(503)
                    .contentType("application/problem+json").body("status", equalTo(503))
                    .body("detail", containsString("did not answer in time"));
            long readMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(readMs < ANSWER_BOUND_MS, "the read was answered after " + readMs + " ms");

            start = System.nanoTime();
            given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body("{\"letta_uid\": \"" + uid + "\"}")
                    .post("/api/v1/agents").then().statusCode(503).contentType("application/problem+json")
                    .body("detail", containsString("nothing was written"));
            long writeMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(writeMs < ANSWER_BOUND_MS, "the write was answered after " + writeMs + " ms");
            locker.rollback();
        }
        assertEquals(0, count("SELECT count(*) FROM agents WHERE letta_uid = '" + uid + "'"), "the refused write left a row");
        given().auth().oauth2(admin.token()).get("/api/v1/agents").then().statusCode(200);
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body("{\"letta_uid\": \"" + uid + "\"}")
                .post("/api/v1/agents").then().statusCode(201);
        assertEquals(1, count("SELECT count(*) FROM agents WHERE letta_uid = '" + uid + "'"));
    }

    @Test
    void aTransactionWithItsOwnBudgetOutlastsTheBoundAndOneWithoutDoesNot() throws Exception {
        long waitMs = timeouts.timeout().toMillis() + 1_500;
        try (Connection locker = lockAgents()) {
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                sleep(waitMs);
                rollbackQuietly(locker);
            });
            try (Connection bounded = dataSource.getConnection(); Statement statement = bounded.createStatement()) {
                SQLException cut = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT count(*) FROM agents"));
                assertEquals("57014", cut.getSQLState());
            }
            try (Connection budgeted = dataSource.getConnection()) {
                budgeted.setAutoCommit(false);
                StatementTimeouts.budget(budgeted, Duration.ofSeconds(30));
                try (Statement statement = budgeted.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT count(*) FROM agents")) {
                    assertTrue(rows.next(), "the budgeted statement waited for the lock and was answered");
                }
                budgeted.commit();
                try (Statement statement = budgeted.createStatement(); ResultSet rows = statement.executeQuery("SHOW statement_timeout")) {
                    rows.next();
                    assertEquals(timeouts.timeout().toSeconds() + "s", rows.getString(1), "the budget ends with its transaction");
                }
            }
            release.join();
        }
    }

    /** A connection outside the pool's bound that holds an exclusive lock on {@code agents} until it rolls back. */
    private Connection lockAgents() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE agents IN ACCESS EXCLUSIVE MODE");
        }
        return connection;
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
