package io.animus.registry.feed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
 * {@code /api/v1/changes}: which row changed and who changed it, in commit order, for what the caller
 * may see; changes made in the database directly too; bad cursors and limits refused; the stream
 * resumable.
 */
@QuarkusTest
class ChangeFeedTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    @Inject
    ChangePruning pruning;

    @Inject
    ChangeStreams streams;

    Caller admin;
    Caller user;
    Caller viewer;
    Sql sql;

    @BeforeEach
    void setUp() {
        admin = fixtures.caller(Role.ADMIN);
        user = fixtures.caller(Role.USER);
        viewer = fixtures.caller(Role.VIEWER);
        sql = new Sql(dataSource);
    }

    static JsonPath read(Caller caller, String since) {
        return given().header("Authorization", caller.bearer()).queryParam("since", since).queryParam("limit", 1000)
                .get("/api/v1/changes").then().statusCode(200).extract().jsonPath();
    }

    /** The newest cursor of the feed now. */
    static String newest(Caller caller) {
        return given().header("Authorization", caller.bearer()).queryParam("limit", 1).get("/api/v1/changes")
                .then().statusCode(200).extract().path("newest");
    }

    /** Every change after {@code since} that {@code caller} sees, following the cursor page by page. */
    static List<Map<String, Object>> all(Caller caller, String since) {
        List<Map<String, Object>> changes = new java.util.ArrayList<>();
        String cursor = since;
        while (true) {
            JsonPath page = read(caller, cursor);
            changes.addAll(page.getList("changes"));
            cursor = page.getString("cursor");
            if (!page.getBoolean("more")) {
                return changes;
            }
        }
    }

    private int post(String path, Map<String, Object> body) {
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(201).extract().path("id");
    }

    private static boolean has(List<Map<String, Object>> changes, String table, long id, String op) {
        return changes.stream().anyMatch(c -> c.get("table").equals(table) && ((Number) c.get("id")).longValue() == id && c.get("op").equals(op));
    }

    @Test
    void anApiWriteIsListedWithItsAuthorAndNoValue() {
        String since = newest(admin);
        String key = Fixtures.unique("feed.setting");
        int id = post("/api/v1/system-config", Map.of("config_key", key, "config_value", "a-value-never-in-the-feed"));
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("config_value", "second", "config_type", "string", "is_encrypted", false))
                .put("/api/v1/system-config/" + key).then().statusCode(200);
        given().header("Authorization", admin.bearer()).delete("/api/v1/system-config/" + key).then().statusCode(204);

        String body = given().header("Authorization", user.bearer()).queryParam("since", since).get("/api/v1/changes")
                .then().statusCode(200).extract().asString();
        assertFalse(body.contains("a-value-never-in-the-feed"), "no value in the feed");
        assertFalse(body.contains(key), "no key in the feed");
        List<Map<String, Object>> mine = JsonPath.from(body).<Map<String, Object>> getList("changes").stream()
                .filter(c -> c.get("table").equals("system_config") && ((Number) c.get("id")).intValue() == id).toList();
        assertEquals(List.of("created", "updated", "deleted"), mine.stream().map(c -> c.get("op")).toList());
        for (Map<String, Object> change : mine) {
            assertEquals(admin.id(), change.get("by"));
            assertEquals(java.util.Set.of("cursor", "table", "id", "op", "at", "by"), change.keySet());
        }
        List<Long> cursors = mine.stream().map(c -> Long.parseLong((String) c.get("cursor"))).toList();
        assertTrue(cursors.get(0) < cursors.get(1) && cursors.get(1) < cursors.get(2), "in commit order: " + cursors);
    }

    @Test
    void aChangeMadeInTheDatabaseDirectlyIsListedWithoutAnAuthor() {
        String since = newest(admin);
        int tool = sql.insertId("INSERT INTO tools (name) VALUES (?) RETURNING id", Fixtures.unique("psql-tool"));
        sql.update("UPDATE tools SET description = 'by hand' WHERE id = ?", tool);
        List<Map<String, Object>> changes = all(viewer, since);
        assertTrue(has(changes, "tools", tool, "created") && has(changes, "tools", tool, "updated"), changes.toString());
        changes.stream().filter(c -> c.get("table").equals("tools") && ((Number) c.get("id")).intValue() == tool)
                .forEach(c -> assertNull(c.get("by")));
    }

    @Test
    void anAgentTheCallerCannotSeeAndItsRowsNeverAppear() {
        String since = newest(admin);
        int hidden = post("/api/v1/agents", Map.of("letta_uid", Fixtures.unique("hidden"), "visible_to_roles", List.of("admin")));
        int hiddenConfig = post("/api/v1/agent-configs", Map.of("agent_id", hidden, "config_key", Fixtures.unique("k"), "config_value", "v"));
        int open = post("/api/v1/agents", Map.of("letta_uid", Fixtures.unique("open")));
        int openConfig = post("/api/v1/agent-configs", Map.of("agent_id", open, "config_key", Fixtures.unique("k"), "config_value", "v"));
        int forUser = post("/api/v1/agents", Map.of("letta_uid", Fixtures.unique("mine"), "visible_to_users", List.of(user.id())));

        for (Caller caller : List.of(user, viewer)) {
            List<Map<String, Object>> changes = all(caller, since);
            assertFalse(has(changes, "agents", hidden, "created"), caller.role() + " does not see the hidden agent");
            assertFalse(has(changes, "agent_configs", hiddenConfig, "created"), caller.role() + " does not see its configuration");
            assertTrue(has(changes, "agents", open, "created") && has(changes, "agent_configs", openConfig, "created"));
        }
        assertTrue(has(all(user, since), "agents", forUser, "created"), "the user named by visible_to_users sees it");
        assertFalse(has(all(viewer, since), "agents", forUser, "created"), "another user does not");
        List<Map<String, Object>> seenByAdmin = all(admin, since);
        assertTrue(has(seenByAdmin, "agents", hidden, "created") && has(seenByAdmin, "agent_configs", hiddenConfig, "created"));

        // deleted, the hidden agent stays hidden
        given().header("Authorization", admin.bearer()).queryParam("cascade", true).delete("/api/v1/agents/" + hidden).then().statusCode(204);
        assertFalse(has(all(user, since), "agents", hidden, "deleted"));
        assertTrue(has(all(admin, since), "agents", hidden, "deleted"));
        // made visible, it appears
        sql.update("UPDATE agents SET visible_to_users = NULL WHERE id = ?", forUser);
        assertTrue(has(all(viewer, since), "agents", forUser, "updated"));
    }

    @Test
    void envVarsUsersAndServiceKeysAppearToAdminsOnly() {
        String since = newest(admin);
        int envVar = post("/api/v1/env-vars", Map.of("var_name", "FEED_" + Fixtures.unique("v").toUpperCase().replace('-', '_'), "var_value", "x"));
        Caller someone = fixtures.caller(Role.VIEWER);
        int key = post("/api/v1/service-keys", Map.of("name", Fixtures.unique("broca")));
        List<Map<String, Object>> seenByAdmin = all(admin, since);
        assertTrue(has(seenByAdmin, "env_vars", envVar, "created"));
        assertTrue(has(seenByAdmin, "users", someone.id(), "created"));
        assertTrue(has(seenByAdmin, "service_keys", key, "created"));
        // the bookkeeping of use is no change; a change of role or revocation is
        sql.update("UPDATE users SET last_login = now(), failed_login_attempts = 1, locked_until = now() WHERE id = ?", someone.id());
        sql.update("UPDATE service_keys SET last_used_at = now() WHERE id = ?", key);
        assertFalse(has(all(admin, since), "users", someone.id(), "updated"));
        assertFalse(has(all(admin, since), "service_keys", key, "updated"));
        sql.update("UPDATE users SET role = 'user' WHERE id = ?", someone.id());
        given().header("Authorization", admin.bearer()).post("/api/v1/service-keys/" + key + "/revoke").then().statusCode(200);
        seenByAdmin = all(admin, since);
        assertTrue(has(seenByAdmin, "users", someone.id(), "updated") && has(seenByAdmin, "service_keys", key, "updated"));
        for (Caller caller : List.of(user, viewer)) {
            List<Map<String, Object>> changes = all(caller, since);
            assertTrue(changes.stream().noneMatch(c -> List.of("env_vars", "users", "service_keys").contains(c.get("table"))),
                    caller.role() + " sees no env var, user or key change: " + changes);
        }
    }

    @Test
    void pagesFollowTheCursor() {
        String since = newest(admin);
        for (int i = 0; i < 3; i++) {
            sql.insertId("INSERT INTO tools (name) VALUES (?) RETURNING id", Fixtures.unique("paged"));
        }
        JsonPath first = given().header("Authorization", viewer.bearer()).queryParam("since", since).queryParam("limit", 2)
                .get("/api/v1/changes").then().statusCode(200).body("changes", hasSize(2)).body("more", equalTo(true)).extract().jsonPath();
        assertEquals(first.getString("changes[1].cursor"), first.getString("cursor"));
        JsonPath second = given().header("Authorization", viewer.bearer()).queryParam("since", first.getString("cursor"))
                .queryParam("limit", 2).get("/api/v1/changes").then().statusCode(200).extract().jsonPath();
        assertTrue(second.getList("changes").size() >= 1);
        assertTrue(Long.parseLong(second.getString("changes[0].cursor")) > Long.parseLong(first.getString("cursor")));
        // the end of the feed: no change, the cursor stays at the newest
        String newest = newest(viewer);
        given().header("Authorization", viewer.bearer()).queryParam("since", newest).get("/api/v1/changes").then().statusCode(200)
                .body("changes", hasSize(0)).body("cursor", equalTo(newest)).body("more", equalTo(false));
    }

    @Test
    void badCursorsAndLimitsAre400() {
        String newest = newest(admin);
        for (String cursor : List.of("abc", "-1", "1.5", "01", "1e3", " 1", "99999999999999999999", "0x10", "", "1;DROP TABLE changes")) {
            io.restassured.response.Response answer = given().header("Authorization", user.bearer()).queryParam("since", cursor)
                    .get("/api/v1/changes");
            assertEquals(400, answer.statusCode(), "cursor '" + cursor + "': " + answer.asString());
            answer.then().contentType(containsString("application/problem+json")).body("detail", containsString("cursor"));
        }
        String future = String.valueOf(Long.parseLong(newest) + 1000);
        given().header("Authorization", user.bearer()).queryParam("since", future).get("/api/v1/changes").then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("detail", containsString("future"));
        for (String limit : List.of("0", "1001", "-5", "abc", "2147483648", "")) {
            given().header("Authorization", user.bearer()).queryParam("since", newest).queryParam("limit", limit).get("/api/v1/changes")
                    .then().statusCode(400).contentType(containsString("application/problem+json")).body("detail", containsString("limit"));
        }
        for (String limit : List.of("1", "1000")) {
            given().header("Authorization", user.bearer()).queryParam("since", newest).queryParam("limit", limit).get("/api/v1/changes")
                    .then().statusCode(200);
        }
        given().header("Authorization", user.bearer()).header("Last-Event-ID", "not-a-cursor").get("/api/v1/changes/stream")
                .then().statusCode(400).contentType(containsString("application/problem+json"));
    }

    @Test
    void aCursorOlderThanTheRetentionIs410() throws Exception {
        String before = newest(admin);
        int tool = sql.insertId("INSERT INTO tools (name) VALUES (?) RETURNING id", Fixtures.unique("old"));
        long position = sql.value(Long.class, "SELECT max(position) FROM changes WHERE table_name = 'tools' AND row_id = ?", (long) tool);
        // nothing is old enough yet: pruning keeps everything, the cursor still reads
        pruning.prune();
        read(admin, before);
        sql.update("UPDATE changes SET at = now() - interval '8 days' WHERE position <= ?", position);
        assertTrue(pruning.prune() >= 1);
        String newest = newest(admin);
        given().header("Authorization", viewer.bearer()).queryParam("since", before).get("/api/v1/changes").then().statusCode(410)
                .contentType(containsString("application/problem+json")).body("detail", containsString("List the registry again"))
                .body("detail", containsString(newest));
        given().header("Authorization", viewer.bearer()).header("Last-Event-ID", before).get("/api/v1/changes/stream").then().statusCode(410);
        // the cursor where pruning stopped still reads
        read(viewer, String.valueOf(position));
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM changes WHERE position <= ?", position));
    }

    @Test
    void oneReplicaPrunesAtATime() throws Exception {
        try (Connection otherReplica = dataSource.getConnection();
                PreparedStatement lock = otherReplica.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, ChangePruning.KEY);
            lock.executeQuery().close();
            assertEquals(-1, pruning.prune(), "another replica holds the lock: nothing is pruned");
            try (PreparedStatement unlock = otherReplica.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, ChangePruning.KEY);
                unlock.executeQuery().close();
            }
        }
        assertTrue(pruning.prune() >= 0, "the lock is free again: this replica prunes");
    }

    @Test
    void serviceKeysAndAnonymousCallersDoNotReadTheFeed() {
        int agent = post("/api/v1/agents", Map.of("letta_uid", Fixtures.unique("module")));
        String module = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("mcp"), "role", "module", "agent_id", agent)).post("/api/v1/service-keys")
                .then().statusCode(201).extract().path("key");
        String broca = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("broca"))).post("/api/v1/service-keys").then().statusCode(201).extract().path("key");
        for (String key : List.of(module, broca)) {
            given().header("Authorization", "ApiKey " + key).get("/api/v1/changes").then().statusCode(403);
            given().header("Authorization", "ApiKey " + key).get("/api/v1/changes/stream").then().statusCode(403);
        }
        given().get("/api/v1/changes").then().statusCode(401);
    }

    @Test
    void theStreamSendsChangesAsTheyCommitAndResumesAfterLastEventId() throws Exception {
        for (int i = 0; i < 100 && !streams.active(); i++) {
            Thread.sleep(50);
        }
        String since = newest(admin);
        String lastId;
        int first;
        try (SseStream stream = SseStream.open(URI.create(base.toString()).resolve("/api/v1/changes/stream?since=" + since),
                Map.of("Authorization", viewer.bearer()))) {
            assertEquals(200, stream.status());
            stream.await("open", WITHIN);
            first = sql.insertId("INSERT INTO tools (name) VALUES (?) RETURNING id", Fixtures.unique("streamed"));
            SseStream.Event event = stream.await(e -> e.name().equals("change") && e.json().getInt("id") == first
                    && e.json().getString("table").equals("tools"), WITHIN);
            assertEquals(event.id(), event.json().getString("cursor"));
            lastId = event.id();
        }
        int second = sql.insertId("INSERT INTO tools (name) VALUES (?) RETURNING id", Fixtures.unique("missed"));
        try (SseStream resumed = SseStream.open(URI.create(base.toString()).resolve("/api/v1/changes/stream?since=" + since),
                Map.of("Authorization", viewer.bearer(), "Last-Event-ID", lastId))) {
            resumed.await("open", WITHIN);
            SseStream.Event event = resumed.await("change", WITHIN);
            assertTrue(Long.parseLong(event.id()) > Long.parseLong(lastId), "resumes after the last event id");
            if (event.json().getInt("id") != second) {
                resumed.await(e -> e.name().equals("change") && e.json().getInt("id") == second, WITHIN);
            }
            assertTrue(resumed.drain(Duration.ofMillis(300)).stream()
                    .noneMatch(e -> e.name().equals("change") && e.data().contains("\"id\":" + first + ",")), "nothing twice");
        }
    }

    @Test
    void aStreamWithoutACursorStartsAtTheNewestChange() throws Exception {
        int before = sql.insertId("INSERT INTO tools (name) VALUES (?) RETURNING id", Fixtures.unique("before"));
        try (SseStream stream = SseStream.open(URI.create(base.toString()).resolve("/api/v1/changes/stream"),
                Map.of("Authorization", user.bearer()))) {
            stream.await("open", WITHIN);
            int after = sql.insertId("INSERT INTO tools (name) VALUES (?) RETURNING id", Fixtures.unique("after"));
            SseStream.Event event = stream.await("change", WITHIN);
            assertEquals(after, event.json().getInt("id"));
            assertTrue(before != after);
        }
    }

    /**
     * A transaction left open on a connection of its own, with one change made: another writer, on
     * this replica or another; {@code author} is the user it names, as the service does.
     */
    static Connection openWriter(DataSource dataSource, String toolName, Integer author) throws Exception {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        if (author != null) {
            try (PreparedStatement setting = connection.prepareStatement("SELECT set_config('animus.user_id', ?, true)")) {
                setting.setString(1, author.toString());
                setting.executeQuery().close();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tools (name) VALUES (?)")) {
            insert.setString(1, toolName);
            insert.executeUpdate();
        }
        return connection;
    }
}
