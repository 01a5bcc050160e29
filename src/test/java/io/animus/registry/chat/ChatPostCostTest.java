package io.animus.registry.chat;

import static io.animus.registry.chat.Chats.as;
import static io.animus.registry.chat.Chats.post;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * What posting a chat message costs the database, as PostgreSQL counts it (pg_stat_statements, top-level
 * statements including BEGIN and COMMIT): once the session's owner and agent are remembered, a post is
 * one statement, with no transaction around it and no statement naming its author. A remembered owner
 * or agent that went stale is never trusted: the post checks the row again and answers as it says.
 * A write to a followed table by the same caller still names its author.
 */
@QuarkusTest
class ChatPostCostTest {

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    @Inject
    SessionOwners owners;

    private Sql sql;

    @BeforeEach
    void statementCounts() {
        sql = new Sql(dataSource);
        sql.update("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }

    /** The fewest statements one post took over a few tries (another part of the service may use the database meanwhile). */
    private long statementsOfAPost(Caller caller, String session) {
        long fewest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5; attempt++) {
            sql.value(Object.class, "SELECT pg_stat_statements_reset()");
            post(caller, session, "counted").then().statusCode(201);
            fewest = Math.min(fewest, sql.value(Long.class, "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
                    + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    + " AND query NOT LIKE '%pg_stat_statements%'"));
        }
        return fewest;
    }

    private long messagesOf(String session) {
        return sql.value(Long.class, "SELECT count(*) FROM web_chat_messages WHERE session_id = ?", session);
    }

    @Test
    void aPostOfAKnownSessionIsOneStatement() {
        Caller admin = fixtures.caller(Role.ADMIN);
        Caller user = fixtures.caller(Role.USER);
        int agent = Chats.agent(admin);
        String mine = Chats.session(user, agent);
        post(user, mine, "warm").then().statusCode(201);
        assertTrue(owners.remembers(mine), "the first post remembers the session's owner and agent");
        assertEquals(1, statementsOfAPost(user, mine), "a user's post: the insert, checked against the session's row");
        String adminsOwn = Chats.session(admin, agent);
        post(admin, adminsOwn, "warm").then().statusCode(201);
        assertEquals(1, statementsOfAPost(admin, adminsOwn), "an admin's post");
    }

    @Test
    void aFirstPostReadsTheSessionOnce() {
        Caller admin = fixtures.caller(Role.ADMIN);
        Caller user = fixtures.caller(Role.USER);
        String session = Chats.session(user, Chats.agent(admin));
        owners.forget(session);
        sql.value(Object.class, "SELECT pg_stat_statements_reset()");
        post(user, session, "first").then().statusCode(201);
        long statements = sql.value(Long.class, "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
                + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query LIKE '%web_chat_sessions%'"
                + " AND query NOT LIKE '%pg_stat_statements%'");
        assertEquals(2, statements, "the session's owner and agent, then the insert");
    }

    @Test
    void aSessionRemovedMeanwhileIsAbsentAndNothingIsWritten() {
        Caller admin = fixtures.caller(Role.ADMIN);
        Caller user = fixtures.caller(Role.USER);
        String session = Chats.session(user, Chats.agent(admin));
        post(user, session, "remembered").then().statusCode(201);
        assertTrue(owners.remembers(session));
        sql.update("DELETE FROM web_chat_sessions WHERE id = ?", session);
        post(user, session, "into nothing").then().statusCode(404).contentType("application/problem+json");
        assertEquals(0, messagesOf(session));
        assertFalse(owners.remembers(session), "a session that is gone is forgotten");
    }

    @Test
    void aSessionGivenToAnotherUserMeanwhileRefusesItsFormerOwner() {
        Caller admin = fixtures.caller(Role.ADMIN);
        Caller user = fixtures.caller(Role.USER);
        Caller other = fixtures.caller(Role.USER);
        String session = Chats.session(user, Chats.agent(admin));
        post(user, session, "mine").then().statusCode(201);
        sql.update("UPDATE web_chat_sessions SET user_id = ? WHERE id = ?", other.id(), session);
        post(user, session, "still mine?").then().statusCode(404).contentType("application/problem+json");
        assertEquals(1, messagesOf(session), "the former owner's second message is not stored");
        post(other, session, "now mine").then().statusCode(201);
        assertEquals(2, messagesOf(session));
    }

    @Test
    void aSessionMovedToAnInactiveAgentMeanwhileTakesNoMessage() {
        Caller admin = fixtures.caller(Role.ADMIN);
        Caller user = fixtures.caller(Role.USER);
        String session = Chats.session(user, Chats.agent(admin));
        post(user, session, "to the first agent").then().statusCode(201);
        String uid = Fixtures.unique("letta");
        int inactive = as(admin).body(Map.of("letta_uid", uid)).post("/api/v1/agents").then().statusCode(201).extract().path("id");
        as(admin).body(Map.of("letta_uid", uid, "is_active", false)).put("/api/v1/agents/" + inactive).then().statusCode(200);
        sql.update("UPDATE web_chat_sessions SET agent_id = ? WHERE id = ?", inactive, session);
        post(user, session, "to the inactive one").then().statusCode(409).contentType("application/problem+json");
        assertEquals(1, messagesOf(session));
    }

    @Test
    void aFollowedWriteAfterAPostStillNamesItsAuthor() {
        Caller admin = fixtures.caller(Role.ADMIN);
        int agent = Chats.agent(admin);
        String session = Chats.session(admin, agent);
        for (int i = 0; i < 4; i++) {
            post(admin, session, "before the write " + i).then().statusCode(201);
            String key = Fixtures.unique("chat.cost");
            int id = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("config_key", key, "config_value", "v", "config_type", "string"))
                    .post("/api/v1/system-config").then().statusCode(201).extract().path("id");
            Integer by = sql.value(Integer.class,
                    "SELECT by_user FROM changes WHERE table_name = 'system_config' AND row_id = ?", (long) id);
            assertEquals(admin.id(), by, "the change of system_config " + id + " names its author");
        }
    }
}
