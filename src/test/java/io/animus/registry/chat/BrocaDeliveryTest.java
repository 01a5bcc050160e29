package io.animus.registry.chat;

import io.animus.registry.chat.broca.BrocaDelivery;

import static io.animus.registry.chat.Chats.ack;
import static io.animus.registry.chat.Chats.claim;
import static io.animus.registry.chat.Chats.ids;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Broca's side: claims under a lease, once per message, also with two workers at the same time;
 * a lease that runs out gives the message back; acknowledgements are idempotent.
 * <p>
 * Claims take the oldest pending messages of the whole database, so each test starts from an empty
 * queue: what other tests left pending is marked processed first.
 */
@QuarkusTest
class BrocaDeliveryTest {

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    Sql sql;
    Caller admin;
    Caller user;
    int agent;
    String session;
    String key;

    @BeforeEach
    void emptyQueue() {
        sql = new Sql(dataSource);
        sql.update("UPDATE web_chat_messages SET processed = true, processed_at = now() WHERE NOT processed");
        admin = fixtures.caller(Role.ADMIN);
        user = fixtures.caller(Role.USER);
        agent = Chats.agent(admin);
        session = Chats.session(user, agent);
        key = Chats.brocaKey(admin);
    }

    @Test
    void aClaimHandsOverThePendingMessagesOldestFirstWithTheirRoute() {
        int first = Chats.message(user, session, "first");
        int second = Chats.message(user, session, "second");
        Response claimed = claim(key, 10, 60);
        claimed.then().statusCode(200)
                .body("claim_token", notNullValue())
                .body("claimed_until", notNullValue())
                .body("messages.id", equalTo(List.of(first, second)))
                .body("messages[0].message", equalTo("first"))
                .body("messages[0].session_id", equalTo(session))
                .body("messages[0].session_uid", notNullValue())
                .body("messages[0].agent_id", equalTo(agent))
                .body("messages[0].letta_uid", notNullValue())
                .body("messages[0].user_id", equalTo(user.id()))
                .body("messages[0].username", equalTo(user.username()))
                .body("messages[0].delivery_attempts", equalTo(1));

        // held: neither this worker nor another gets them again while the lease runs
        claim(key, 10, 60).then().statusCode(200).body("messages", empty());
        claim(Chats.brocaKey(admin), 10, 60).then().statusCode(200).body("messages", empty());
        // still pending for the user until Broca acknowledges
        Chats.as(user).get("/api/v1/chat/sessions/" + session + "/messages/" + first).then().body("processed", equalTo(false));
    }

    @Test
    void aClaimTakesAtMostItsLimit() {
        List<Integer> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            posted.add(Chats.message(user, session, "m" + i));
        }
        assertEquals(posted.subList(0, 2), ids(claim(key, 2, 60)));
        assertEquals(posted.subList(2, 4), ids(claim(key, 2, 60)));
        assertEquals(posted.subList(4, 5), ids(claim(key, 2, 60)));
        assertEquals(List.of(), ids(claim(key, 2, 60)));
    }

    @Test
    void anAcknowledgementMarksTheMessageProcessedAndRepeatingItChangesNothing() {
        int id = Chats.message(user, session, "hello");
        String token = claim(key, 1, 60).then().statusCode(200).extract().path("claim_token");

        Response acked = ack(key, id, 4711, token);
        acked.then().statusCode(200).body("id", equalTo(id)).body("processed", equalTo(true))
                .body("broca_message_id", equalTo(4711)).body("processed_at", notNullValue());
        String processedAt = acked.path("processed_at");

        // the same acknowledgement again, as after a lost answer: the same answer, nothing changed
        ack(key, id, 4711, token).then().statusCode(200).body("broca_message_id", equalTo(4711))
                .body("processed_at", equalTo(processedAt));
        ack(key, id, 4711, null).then().statusCode(200);
        // another Broca message for the same chat message is a conflict
        ack(key, id, 4712, token).then().statusCode(409).body("detail", containsString("4711"));

        Chats.as(user).get("/api/v1/chat/sessions/" + session + "/messages/" + id).then()
                .body("processed", equalTo(true)).body("broca_message_id", equalTo(4711));
        assertEquals(List.of(), ids(claim(key, 10, 60)));
        assertEquals(Boolean.TRUE, sql.value(Boolean.class, "SELECT claimed_until IS NULL FROM web_chat_messages WHERE id = ?", id));
    }

    @Test
    void anAcknowledgementNeedsAKnownMessageAndABrocaMessageId() {
        ack(key, 999_999_999, 1, null).then().statusCode(404);
        int id = Chats.message(user, session, "hello");
        Chats.asService(key).body(Map.of()).post("/api/v1/chat/broca/messages/" + id + "/ack").then().statusCode(422)
                .body("errors.field", hasItem("broca_message_id"));
        Chats.asService(key).body(Map.of("broca_message_id", "seven")).post("/api/v1/chat/broca/messages/" + id + "/ack")
                .then().statusCode(422);
    }

    @Test
    void aMessageNotAcknowledgedWithinItsLeaseIsPendingAgain() throws InterruptedException {
        int id = Chats.message(user, session, "will the worker survive?");
        String crashed = claim(key, 10, 1).then().statusCode(200).body("messages.id", equalTo(List.of(id)))
                .extract().path("claim_token");
        assertEquals(List.of(), ids(claim(key, 10, 60)), "held during the lease");

        Thread.sleep(1500);
        Response again = claim(key, 10, 60);
        again.then().statusCode(200).body("messages.id", equalTo(List.of(id))).body("messages[0].delivery_attempts", equalTo(2));
        String token = again.path("claim_token");
        assertNotEquals(crashed, token);

        // the worker that lost its lease learns it, and does not mark the message processed
        ack(key, id, 1, crashed).then().statusCode(409).body("detail", containsString("lost"));
        Chats.as(user).get("/api/v1/chat/sessions/" + session + "/messages/" + id).then().body("processed", equalTo(false));
        ack(key, id, 2, token).then().statusCode(200).body("broca_message_id", equalTo(2));
    }

    @Test
    void aLateAcknowledgementOfAnUnclaimedLeaseStillCounts() throws InterruptedException {
        int id = Chats.message(user, session, "slow worker");
        String token = claim(key, 10, 1).then().statusCode(200).extract().path("claim_token");
        Thread.sleep(1200);
        // the lease ran out, but nobody took the message meanwhile: the work is done, the acknowledgement stands
        ack(key, id, 9, token).then().statusCode(200).body("processed", equalTo(true));
        assertEquals(List.of(), ids(claim(key, 10, 60)));
    }

    @Test
    void aClaimsLimitAndLeaseAreBounded() {
        claim(key, 0, 60).then().statusCode(422).body("errors.field", hasItem("limit"));
        claim(key, 501, 60).then().statusCode(422).body("errors.field", hasItem("limit"));
        claim(key, 10, 0).then().statusCode(422).body("errors.field", hasItem("lease_seconds"));
        claim(key, 10, 3601).then().statusCode(422).body("errors.field", hasItem("lease_seconds"));
        claim(key, 500, 3600).then().statusCode(200);
        Chats.asService(key).body(Map.of("limit", 1, "lease", 5)).post("/api/v1/chat/broca/claim").then().statusCode(422);

        int id = Chats.message(user, session, "defaults");
        Response claimed = claim(key, null, null);
        claimed.then().statusCode(200).body("messages.id", equalTo(List.of(id)));
        long lease = java.time.Duration.between(java.time.Instant.now(), java.time.Instant.parse(claimed.path("claimed_until"))).toSeconds();
        assertTrue(lease > 50 && lease <= 60, "the default lease is 60 s: " + lease);
    }

    /**
     * Two workers claim in a loop over 1,000 messages, back to back, each acknowledging what it took
     * on threads of its own (as Broca hands messages on and acknowledges them while it claims the next
     * batch): each message is handed out exactly once, none is lost, and every one ends processed.
     */
    @Test
    void twoWorkersClaimingAtOnceNeverGetTheSameMessage() throws Exception {
        int count = 1000;
        Set<Integer> inserted = insertMessages(count);
        String[] keys = { key, Chats.brocaKey(admin) };
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        ExecutorService acknowledgers = Executors.newFixedThreadPool(4);
        List<Future<?>> acks = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                String workerKey = keys[w];
                int base = w * 1_000_000;
                Callable<List<Integer>> worker = () -> {
                    start.await();
                    List<Integer> taken = new ArrayList<>();
                    while (true) {
                        JsonPath claimed = claim(workerKey, 20, 300).then().statusCode(200).extract().jsonPath();
                        List<Integer> batch = claimed.getList("messages.id", Integer.class);
                        if (batch.isEmpty()) {
                            return taken;
                        }
                        String token = claimed.getString("claim_token");
                        acks.add(acknowledgers.submit(() -> batch.forEach(id -> ack(workerKey, id, base + id, token).then().statusCode(200))));
                        taken.addAll(batch);
                    }
                };
                results.add(workers.submit(worker));
            }
            start.countDown();
            List<Integer> first = results.get(0).get(5, TimeUnit.MINUTES);
            List<Integer> second = results.get(1).get(5, TimeUnit.MINUTES);

            Set<Integer> firstSet = new HashSet<>(first);
            Set<Integer> secondSet = new HashSet<>(second);
            assertEquals(first.size(), firstSet.size(), "the first worker got no message twice");
            assertEquals(second.size(), secondSet.size(), "the second worker got no message twice");
            Set<Integer> both = new HashSet<>(firstSet);
            both.retainAll(secondSet);
            assertEquals(Set.of(), both, "no message went to both workers");
            Set<Integer> all = new HashSet<>(firstSet);
            all.addAll(secondSet);
            assertEquals(inserted, all, "every message was handed out");
            assertFalse(first.isEmpty() || second.isEmpty(), "both workers took part: " + first.size() + " / " + second.size());
            for (Future<?> ack : acks) {
                ack.get(5, TimeUnit.MINUTES);
            }
        } finally {
            workers.shutdownNow();
            acknowledgers.shutdownNow();
        }
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM web_chat_messages WHERE session_id = ? AND NOT processed", session));
        assertEquals(0L, sql.value(Long.class,
                "SELECT count(*) FROM web_chat_messages WHERE session_id = ? AND delivery_attempts <> 1", session));
        assertEquals((long) count, sql.value(Long.class,
                "SELECT count(DISTINCT broca_message_id) FROM web_chat_messages WHERE session_id = ?", session));
    }

    /**
     * A claim does not wait for, nor take, the messages another worker is claiming at this very moment:
     * the other worker's claim is held open in a transaction while this one runs.
     */
    @Test
    void aClaimSkipsTheMessagesAnotherClaimIsTakingNow() throws Exception {
        List<Integer> posted = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            posted.add(Chats.message(user, session, "m" + i));
        }
        ExecutorService http = Executors.newSingleThreadExecutor();
        try (Connection other = sql.connection()) {
            other.setAutoCommit(false);
            List<Integer> takenByOther = new ArrayList<>();
            try (PreparedStatement claim = other.prepareStatement(BrocaDelivery.CLAIM)) {
                claim.setInt(1, 60);
                claim.setString(2, "other-claim");
                claim.setString(3, "other-worker");
                claim.setInt(4, 3);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        takenByOther.add(rows.getInt(1));
                    }
                }
            }
            assertEquals(posted.subList(0, 3), takenByOther);

            Future<List<Integer>> mine = http.submit(() -> ids(claim(key, 10, 60)));
            List<Integer> taken;
            try {
                taken = mine.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                other.rollback();
                throw new AssertionError("the claim waited for the other worker's claim to end");
            }
            assertEquals(posted.subList(3, 6), taken, "the claim skipped the rows the other worker holds");
            other.commit();
        } finally {
            http.shutdownNow();
        }
        assertEquals(3L, sql.value(Long.class, "SELECT count(*) FROM web_chat_messages WHERE session_id = ? AND claimed_by = 'other-worker'",
                session));
    }

    private Set<Integer> insertMessages(int count) throws Exception {
        Set<Integer> ids = new HashSet<>();
        try (Connection connection = sql.connection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO web_chat_messages (session_id, message, user_id) SELECT ?, 'bulk ' || n, ? FROM generate_series(1, ?) n RETURNING id")) {
            insert.setString(1, session);
            insert.setInt(2, user.id());
            insert.setInt(3, count);
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getInt(1));
                }
            }
        }
        assertEquals(count, ids.size());
        return ids;
    }

    @Test
    void brocaStoresTheAgentsRepliesAndTheTranscriptShowsBothSides() {
        int question = Chats.message(user, session, "What is Animus?");
        Response stored = Chats.asService(key).body(Map.of("response", "A platform of agents.", "message_id", question,
                "broca_message_id", 77)).post("/api/v1/chat/broca/sessions/" + session + "/responses");
        stored.then().statusCode(201)
                .header("Location", containsString("/api/v1/chat/sessions/" + session + "/responses/"))
                .body("session_id", equalTo(session)).body("message_id", equalTo(question))
                .body("response", equalTo("A platform of agents.")).body("broca_message_id", equalTo(77))
                .body("agent_id", equalTo(agent)).body("timestamp", notNullValue());
        int reply = stored.path("id");
        int followUp = Chats.message(user, session, "And Broca?");
        int second = Chats.asService(key).body(Map.of("response", "The messenger."))
                .post("/api/v1/chat/broca/messages/" + followUp + "/responses")
                .then().statusCode(201).body("message_id", equalTo(followUp)).extract().path("id");

        Chats.as(user).get("/api/v1/chat/sessions/" + session + "/responses").then().statusCode(200)
                .body("items.id", equalTo(List.of(reply, second)));
        Chats.as(user).get("/api/v1/chat/sessions/" + session + "/responses/" + reply).then().statusCode(200)
                .body("response", equalTo("A platform of agents."));
        Response transcript = Chats.as(user).get("/api/v1/chat/sessions/" + session + "/transcript");
        transcript.then().statusCode(200).body("total", equalTo(4))
                .body("items.kind", equalTo(List.of("message", "response", "message", "response")))
                .body("items.id", equalTo(List.of(question, reply, followUp, second)))
                .body("items.text", equalTo(List.of("What is Animus?", "A platform of agents.", "And Broca?", "The messenger.")))
                .body("items[0].user_id", equalTo(user.id()))
                .body("items[1].agent_id", equalTo(agent))
                .body("items[1].message_id", equalTo(question));
        Chats.as(user).queryParam("size", 2).queryParam("page", 1).get("/api/v1/chat/sessions/" + session + "/transcript")
                .then().statusCode(200).body("items.id", equalTo(List.of(followUp, second)));
    }

    @Test
    void aReplyMustNameThisSessionsMessageAndAKnownAgent() {
        String otherSession = Chats.session(user, agent);
        int elsewhere = Chats.message(user, otherSession, "elsewhere");
        String replies = "/api/v1/chat/broca/sessions/" + session + "/responses";
        Chats.asService(key).body(Map.of("response", "hi", "message_id", elsewhere)).post(replies).then().statusCode(422)
                .body("errors.field", hasItem("message_id"));
        Chats.asService(key).body(Map.of("response", "hi", "agent_id", 999_999)).post(replies).then().statusCode(422)
                .body("errors.field", hasItem("agent_id"));
        Chats.asService(key).body(Map.of("response", "")).post(replies).then().statusCode(422);
        Chats.asService(key).body(Map.of("response", "hi")).post("/api/v1/chat/broca/sessions/no-such-session/responses")
                .then().statusCode(404);
        Chats.asService(key).body(Map.of("response", "hi")).post("/api/v1/chat/broca/messages/999999999/responses")
                .then().statusCode(404);
        Chats.asService(key).body(Map.of("response", "hi", "message_id", elsewhere))
                .post("/api/v1/chat/broca/messages/" + Chats.message(user, session, "q") + "/responses").then().statusCode(422);
        // users do not write replies
        Chats.as(user).body(Map.of("response", "I am the agent")).post(replies).then().statusCode(403);
    }

    @Test
    void thePendingGaugeCountsUnacknowledgedMessages() {
        assertEquals(0.0, pendingGauge());
        int a = Chats.message(user, session, "a");
        Chats.message(user, session, "b");
        Chats.message(user, session, "c");
        assertEquals(3.0, pendingGauge());
        claim(key, 1, 60).then().statusCode(200);
        assertEquals(3.0, pendingGauge(), "a claimed message is still pending");
        ack(key, a, 1, null).then().statusCode(200);
        assertEquals(2.0, pendingGauge());
    }

    private static double pendingGauge() {
        String metrics = given().accept(ContentType.TEXT).get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("animus_chat_messages_pending "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no animus_chat_messages_pending in /q/metrics"));
    }
}
