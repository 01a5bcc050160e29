package io.animus.registry.agent;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Reads of one agent come from the cache, and a change made anywhere reaches them. */
@QuarkusTest
class AgentCacheTest {

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    @Inject
    AgentCache cache;

    @Test
    void aChangeCommittedByAnotherReplicaReachesTheCachedRead() throws Exception {
        Caller admin = fixtures.caller(Role.ADMIN);
        Caller user = fixtures.caller(Role.USER);
        int id = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", Fixtures.unique("letta"), "description", "before")).post("/api/v1/agents")
                .then().statusCode(201).extract().path("id");
        waitUntil(cache::active);
        given().header("Authorization", user.bearer()).get("/api/v1/agents/" + id).then().statusCode(200);
        assertTrue(cache.peek(id).isPresent(), "the read is cached");

        // another replica, or an operator with psql, changes the row behind this replica's back
        new Sql(dataSource).update("UPDATE agents SET description = 'after' WHERE id = ?", id);
        waitUntil(() -> cache.peek(id).isEmpty());
        assertEquals("after", given().header("Authorization", user.bearer()).get("/api/v1/agents/" + id)
                .then().statusCode(200).extract().path("description"));

        // visibility changed elsewhere applies too
        new Sql(dataSource).update("UPDATE agents SET visible_to_roles = '[\"admin\"]' WHERE id = ?", id);
        waitUntil(() -> cache.peek(id).isEmpty());
        given().header("Authorization", user.bearer()).get("/api/v1/agents/" + id).then().statusCode(404);
    }

    @Test
    void aWriteOnThisReplicaIsReadBackAtOnce() {
        Caller admin = fixtures.caller(Role.ADMIN);
        String uid = Fixtures.unique("letta");
        int id = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", uid, "description", "v1")).post("/api/v1/agents").then().extract().path("id");
        for (int version = 2; version <= 20; version++) {
            given().header("Authorization", admin.bearer()).get("/api/v1/agents/" + id).then().statusCode(200);
            given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("letta_uid", uid, "description", "v" + version)).put("/api/v1/agents/" + id).then().statusCode(200);
            assertEquals("v" + version, given().header("Authorization", admin.bearer()).get("/api/v1/agents/" + id)
                    .then().extract().path("description"));
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), "condition reached within 5 s");
    }
}
