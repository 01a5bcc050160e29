package io.animus.registry.chat;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

/** Server-Sent Events: a session's stream shows both sides live; Broca's stream announces pending messages. */
@QuarkusTest
class ChatEventsTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @Inject
    ChatEvents events;

    @Inject
    DataSource dataSource;

    Caller admin;
    Caller user;
    int agent;
    String session;
    String key;

    @BeforeEach
    void session() throws InterruptedException {
        admin = fixtures.caller(Role.ADMIN);
        user = fixtures.caller(Role.USER);
        agent = Chats.agent(admin);
        session = Chats.session(user, agent);
        key = Chats.brocaKey(admin);
        for (int i = 0; i < 100 && !events.active(); i++) {
            Thread.sleep(50);
        }
        assertTrue(events.active(), "the listener is connected");
    }

    private SseStream follow(String path, String authorization) throws Exception {
        return SseStream.open(URI.create(base.toString()).resolve(path), Map.of("Authorization", authorization));
    }

    @Test
    void aReplyBroughtBackByBrocaArrivesOnTheSessionsStream() throws Exception {
        try (SseStream stream = follow("/api/v1/chat/sessions/" + session + "/events", user.bearer())) {
            assertEquals(200, stream.status());
            assertThat(stream.contentType(), startsWith("text/event-stream"));
            SseStream.Event open = stream.await(ChatEvent.OPEN, WITHIN);
            assertEquals(session, open.json().getString("session_id"));
            assertEquals(true, open.json().getBoolean("live"));

            int question = Chats.message(user, session, "Are you there?");
            SseStream.Event message = stream.await(ChatEvent.MESSAGE, WITHIN);
            assertEquals("message-" + question, message.id());
            assertEquals("Are you there?", message.json().getString("message"));
            assertEquals(false, message.json().getBoolean("processed"));

            Chats.ack(key, question, 31, null).then().statusCode(200);
            SseStream.Event processed = stream.await(ChatEvent.PROCESSED, WITHIN);
            assertEquals(question, processed.json().getInt("id"));
            assertEquals(31, processed.json().getInt("broca_message_id"));

            int reply = Chats.asService(key).body(Map.of("response", "I am.", "message_id", question))
                    .post("/api/v1/chat/broca/sessions/" + session + "/responses").then().statusCode(201).extract().path("id");
            SseStream.Event response = stream.await(ChatEvent.RESPONSE, WITHIN);
            assertEquals("response-" + reply, response.id());
            assertEquals("I am.", response.json().getString("response"));
            assertEquals(question, response.json().getInt("message_id"));
            assertEquals(session, response.json().getString("session_id"));
        }
    }

    @Test
    void aReplyWrittenByAnotherReplicaArrivesToo() throws Exception {
        try (SseStream stream = follow("/api/v1/chat/sessions/" + session + "/events", user.bearer())) {
            stream.await(ChatEvent.OPEN, WITHIN);
            // another replica's transaction, seen by this one only through PostgreSQL
            int reply = new Sql(dataSource).insertId(
                    "INSERT INTO web_chat_responses (session_id, response, agent_id) VALUES (?, 'from elsewhere', ?) RETURNING id",
                    session, agent);
            SseStream.Event event = stream.await(ChatEvent.RESPONSE, WITHIN);
            assertEquals(reply, event.json().getInt("id"));
            assertEquals("from elsewhere", event.json().getString("response"));
        }
    }

    @Test
    void aStreamShowsOnlyItsOwnSession() throws Exception {
        String otherSession = Chats.session(user, agent);
        try (SseStream stream = follow("/api/v1/chat/sessions/" + session + "/events", user.bearer())) {
            stream.await(ChatEvent.OPEN, WITHIN);
            Chats.message(user, otherSession, "not here");
            Chats.message(user, session, "here");
            SseStream.Event event = stream.await(ChatEvent.MESSAGE, WITHIN);
            assertEquals("here", event.json().getString("message"));
            assertTrue(stream.drain(Duration.ofMillis(500)).stream().noneMatch(e -> e.data().contains("not here")));
        }
    }

    @Test
    void idleStreamsArePinged() throws Exception {
        try (SseStream stream = follow("/api/v1/chat/sessions/" + session + "/events", user.bearer())) {
            stream.await(ChatEvent.OPEN, WITHIN);
            stream.await(ChatEvent.PING, WITHIN);
        }
    }

    @Test
    void aStreamEndsWhenTheAccessTokenExpires() throws Exception {
        String shortLived = Jwt.upn(user.username()).subject(String.valueOf(user.id())).groups(Set.of("user")).expiresIn(3).sign();
        try (SseStream stream = follow("/api/v1/chat/sessions/" + session + "/events", "Bearer " + shortLived)) {
            stream.await(ChatEvent.OPEN, WITHIN);
            assertTrue(stream.endsWithin(Duration.ofSeconds(10)), "the stream ended with the token");
        }
        try (SseStream stream = follow("/api/v1/chat/sessions/" + session + "/events", user.bearer())) {
            stream.await(ChatEvent.OPEN, WITHIN);
            assertFalse(stream.endsWithin(Duration.ofSeconds(4)), "a stream with a valid token stays open");
        }
    }

    @Test
    void aStreamNeedsTheRightToReadTheSession() throws Exception {
        Caller other = fixtures.caller(Role.USER);
        try (SseStream stream = follow("/api/v1/chat/sessions/" + session + "/events", other.bearer())) {
            assertEquals(404, stream.status());
        }
        try (SseStream stream = follow("/api/v1/chat/sessions/no-such-session/events", user.bearer())) {
            assertEquals(404, stream.status());
        }
        try (SseStream stream = SseStream.open(URI.create(base.toString()).resolve("/api/v1/chat/sessions/" + session + "/events"), Map.of())) {
            assertEquals(401, stream.status());
        }
        try (SseStream stream = follow("/api/v1/chat/sessions/" + session + "/events", "ApiKey " + key)) {
            assertEquals(403, stream.status());
        }
        try (SseStream stream = follow("/api/v1/chat/sessions/" + session + "/events", admin.bearer())) {
            assertEquals(200, stream.status());
            stream.await(ChatEvent.OPEN, WITHIN);
        }
    }

    @Test
    void brocaFollowsNewPendingMessages() throws Exception {
        try (SseStream stream = follow("/api/v1/chat/broca/events", "ApiKey " + key)) {
            assertEquals(200, stream.status());
            stream.await(ChatEvent.OPEN, WITHIN);
            int id = Chats.message(user, session, "wake up, Broca");
            SseStream.Event pending = stream.await(event -> event.name().equals(ChatEvent.PENDING)
                    && event.json().getInt("id") == id, WITHIN);
            assertEquals(session, pending.json().getString("session_id"));
            assertTrue(!pending.data().contains("wake up"), "the call carries no text: Broca claims the message");
        }
        try (SseStream stream = follow("/api/v1/chat/broca/events", user.bearer())) {
            assertEquals(403, stream.status());
        }
    }
}
