package io.animus.registry.notify;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.animus.registry.agent.AgentCache;
import io.animus.registry.chat.ChatEvents;
import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** One connection per replica listens for every channel, and comes back when it is cut. */
@QuarkusTest
class ChannelListenerTest {

    private static final String LISTENER = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'";

    @Inject
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    AgentCache agents;

    @Inject
    ChatEvents chat;

    @Test
    void oneConnectionListensForAgentsAndChat() throws Exception {
        waitUntil(() -> agents.active() && chat.active());
        Sql sql = new Sql(dataSource);
        assertEquals(1L, sql.value(Long.class, "SELECT count(*) FROM (" + LISTENER + ") l"));
    }

    @Test
    void aCutConnectionIsReplacedAndTheSubscribersHearChangesAgain() throws Exception {
        waitUntil(() -> agents.active() && chat.active());
        Sql sql = new Sql(dataSource);
        int before = sql.value(Integer.class, LISTENER);

        assertTrue(sql.value(Boolean.class, "SELECT pg_terminate_backend(?)", before));
        waitUntil(() -> {
            Integer now = sql.value(Integer.class, "SELECT (" + LISTENER + " LIMIT 1)");
            return now != null && now != before && agents.active() && chat.active();
        });
        assertNotEquals(before, sql.value(Integer.class, LISTENER));

        // the cache serves again, and a change made behind the replica's back still reaches it
        Caller admin = fixtures.caller(Role.ADMIN);
        int id = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", Fixtures.unique("letta"), "description", "before")).post("/api/v1/agents")
                .then().statusCode(201).extract().path("id");
        given().header("Authorization", admin.bearer()).get("/api/v1/agents/" + id).then().statusCode(200);
        assertTrue(agents.peek(id).isPresent(), "the read is cached after the reconnection");
        sql.update("UPDATE agents SET description = 'after' WHERE id = ?", id);
        waitUntil(() -> agents.peek(id).isEmpty());
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), "condition reached within 10 s");
    }
}
