package io.animus.registry.feed;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.animus.registry.chat.SseStream;
import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * No change is ever skipped: a transaction that made its change first but commits last still reaches
 * a reader who has already read the other one, on this replica and on another.
 */
@QuarkusTest
class ChangeOrderTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    @Inject
    ChangeStreams streams;

    Caller viewer;
    Sql sql;

    @BeforeEach
    void setUp() throws InterruptedException {
        viewer = fixtures.caller(Role.VIEWER);
        sql = new Sql(dataSource);
        for (int i = 0; i < 100 && !streams.active(); i++) {
            Thread.sleep(50);
        }
    }

    private long rowId(String tool) {
        return sql.value(Integer.class, "SELECT id FROM tools WHERE name = ?", tool);
    }

    private long changeId(long tool) {
        return sql.value(Long.class, "SELECT id FROM changes WHERE table_name = 'tools' AND row_id = ? AND op = 'created'", tool);
    }

    @Test
    void aWriterThatCommitsLastIsReadAfterOneThatCommittedFirst() throws Exception {
        String since = ChangeFeedTest.newest(viewer);
        List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            String cursor = since;
            while (polling.get()) {
                JsonPath page = ChangeFeedTest.read(viewer, cursor);
                seen.addAll(page.getList("changes"));
                cursor = page.getString("cursor");
            }
        }, "feed-poller");
        reader.start();

        String early = Fixtures.unique("early");
        String late = Fixtures.unique("late");
        try (Connection first = ChangeFeedTest.openWriter(dataSource, early, null)) {
            // the first writer has made its change; a second one makes its own later and commits first
            try (Connection second = ChangeFeedTest.openWriter(dataSource, late, null)) {
                second.commit();
            }
            long lateId = rowId(late);
            waitFor(() -> seen.stream().anyMatch(c -> isTool(c, lateId)), "the reader reads the second writer's change");
            // the reader is past the second change now; the first writer commits only now
            first.commit();
        }
        long earlyId = rowId(early);
        long lateId = rowId(late);
        waitFor(() -> seen.stream().anyMatch(c -> isTool(c, earlyId)), "the reader still gets the first writer's change");
        polling.set(false);
        reader.join();

        assertTrue(changeId(earlyId) < changeId(lateId), "the first writer's change was recorded first (the sequence pitfall)");
        long earlyCursor = cursorOf(seen, earlyId);
        long lateCursor = cursorOf(seen, lateId);
        assertTrue(lateCursor < earlyCursor, "cursors follow commit order: " + lateCursor + " < " + earlyCursor);
        assertEquals(1, seen.stream().filter(c -> isTool(c, earlyId)).count(), "read once");
    }

    @Test
    void aChangeCommittedOnAnotherReplicaWakesTheStreamAndNothingIsSkipped() throws Exception {
        String since = ChangeFeedTest.newest(viewer);
        String early = Fixtures.unique("replica-b");
        String late = Fixtures.unique("replica-a");
        // a second replica's own listener, on a connection of its own
        try (Connection otherListener = dataSource.getConnection();
                SseStream stream = SseStream.open(URI.create(base.toString()).resolve("/api/v1/changes/stream?since=" + since),
                        Map.of("Authorization", viewer.bearer()))) {
            otherListener.setAutoCommit(true);
            try (Statement listen = otherListener.createStatement()) {
                listen.execute("LISTEN " + ChangeStreams.CHANNEL);
            }
            stream.await("open", WITHIN);
            // replica B begins a transaction and makes its change first ...
            Connection replicaB = ChangeFeedTest.openWriter(dataSource, early, viewer.id());
            // ... replica A (this service, through its API) makes one later and commits first
            Caller admin = fixtures.caller(Role.ADMIN);
            int lateId = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(Map.of("name", late))
                    .post("/api/v1/tools").then().statusCode(201).extract().path("id");
            SseStream.Event lateEvent = stream.await(e -> e.name().equals("change") && isTool(e.json().getMap(""), lateId), WITHIN);
            replicaB.commit();
            replicaB.close();
            long earlyId = rowId(early);
            SseStream.Event earlyEvent = stream.await(e -> e.name().equals("change") && isTool(e.json().getMap(""), earlyId), WITHIN);
            assertTrue(Long.parseLong(earlyEvent.id()) > Long.parseLong(lateEvent.id()));
            assertEquals(viewer.id(), earlyEvent.json().getInt("by"), "the other replica's author");
            assertEquals(admin.id(), lateEvent.json().getInt("by"), "this replica's author");

            // the other replica's listener heard both commits, in commit order, each with its newest cursor
            List<Long> announced = new ArrayList<>();
            PGConnection postgres = otherListener.unwrap(PGConnection.class);
            long deadline = System.currentTimeMillis() + WITHIN.toMillis();
            while (!announced.contains(Long.parseLong(earlyEvent.id())) && System.currentTimeMillis() < deadline) {
                try (Statement poke = otherListener.createStatement(); ResultSet ignored = poke.executeQuery("SELECT 1")) {
                    PGNotification[] notifications = postgres.getNotifications(200);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            announced.add(Long.parseLong(notification.getParameter()));
                        }
                    }
                }
            }
            assertTrue(announced.contains(Long.parseLong(lateEvent.id())) && announced.contains(Long.parseLong(earlyEvent.id())),
                    "announced " + announced);
            assertTrue(announced.indexOf(Long.parseLong(lateEvent.id())) < announced.indexOf(Long.parseLong(earlyEvent.id())));
            // and a reader of the other replica that had read past the first commit gets the second one
            List<Map<String, Object>> fromLate = ChangeFeedTest.all(viewer, lateEvent.id());
            assertTrue(fromLate.stream().anyMatch(c -> isTool(c, earlyId)));
        }
    }

    private static boolean isTool(Map<String, Object> change, long id) {
        return "tools".equals(change.get("table")) && ((Number) change.get("id")).longValue() == id && "created".equals(change.get("op"));
    }

    private static long cursorOf(List<Map<String, Object>> seen, long tool) {
        return seen.stream().filter(c -> isTool(c, tool)).map(c -> Long.parseLong((String) c.get("cursor"))).findFirst().orElseThrow();
    }

    @Test
    void everyChangeOfATransactionIsPositionedAlsoThoseMadeAfterItsChangesWerePositionedEarly() throws Exception {
        String prefix = "positioned-" + System.nanoTime() + "-";
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO tools (name) SELECT '" + prefix + "a' || g FROM generate_series(1, 300) g");
            // the deferred triggers fire now, positioning the first 300 changes
            statement.execute("SET CONSTRAINTS ALL IMMEDIATE");
            statement.execute("SET CONSTRAINTS ALL DEFERRED");
            statement.execute("INSERT INTO tools (name) SELECT '" + prefix + "b' || g FROM generate_series(1, 100) g");
            connection.commit();
        }
        try {
            String mine = " FROM changes c JOIN tools t ON c.table_name = 'tools' AND c.row_id = t.id AND c.op = 'created'"
                    + " WHERE t.name LIKE '" + prefix + "%'";
            assertEquals(400L, sql.value(Long.class, "SELECT count(*)" + mine));
            assertEquals(400L, sql.value(Long.class, "SELECT count(DISTINCT c.position)" + mine), "every change has a position of its own");
            assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM (SELECT c.position < lag(c.position) OVER (ORDER BY c.id) AS back"
                    + mine + ") o WHERE back"), "positions follow the order in which the changes were made");
        } finally {
            sql.update("DELETE FROM tools WHERE name LIKE ?", prefix + "%");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WITHIN.toMillis();
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
