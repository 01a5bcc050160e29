package io.animus.registry.chat;

import static io.animus.registry.chat.Chats.ackBatch;
import static io.animus.registry.chat.Chats.claim;
import static io.animus.registry.chat.Chats.ids;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Broca acknowledges a claim's messages in one call: all of them or none, repeatable, refused whole
 * when the claim lost a message; and the chat guarantees hold under it (one holder per lease, nothing
 * lost, disjoint claims), also with two workers acknowledging overlapping batches at once.
 * <p>
 * Claims take the oldest pending messages of the whole database, so each test starts from an empty
 * queue: what other tests left pending is marked processed first.
 */
@QuarkusTest
class BrocaBatchAcknowledgementTest {

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    Sql sql;
    Caller admin;
    Caller user;
    String session;
    String key;

    @BeforeEach
    void emptyQueue() {
        sql = new Sql(dataSource);
        sql.update("UPDATE web_chat_messages SET processed = true, processed_at = now() WHERE NOT processed");
        admin = fixtures.caller(Role.ADMIN);
        user = fixtures.caller(Role.USER);
        session = Chats.session(user, Chats.agent(admin));
        key = Chats.brocaKey(admin);
    }

    private List<Integer> post(int count) {
        List<Integer> posted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            posted.add(Chats.message(user, session, "m" + i));
        }
        return posted;
    }

    private long processed(List<Integer> ids) {
        return sql.value(Long.class, "SELECT count(*) FROM web_chat_messages WHERE processed AND id = ANY (?)",
                (Object) ids.toArray(Integer[]::new));
    }

    @Test
    void aBatchMarksEveryMessageProcessedAndRepeatingItChangesNothing() {
        List<Integer> posted = post(3);
        Response claimed = claim(key, 10, 60);
        assertEquals(posted, ids(claimed));
        String token = claimed.path("claim_token");

        ackBatch(key, token, posted, 5000).then().statusCode(200)
                .body("acknowledged", equalTo(posted)).body("already_acknowledged", empty());
        for (int id : posted) {
            Chats.as(user).get("/api/v1/chat/sessions/" + session + "/messages/" + id).then()
                    .body("processed", equalTo(true)).body("broca_message_id", equalTo(5000 + id));
        }
        String processedAt = sql.value(String.class, "SELECT processed_at::text FROM web_chat_messages WHERE id = ?", posted.get(0));

        // the same batch again, as after a lost answer: nothing changes, and the answer says so
        ackBatch(key, token, posted, 5000).then().statusCode(200)
                .body("acknowledged", empty()).body("already_acknowledged", equalTo(posted));
        assertEquals(processedAt, sql.value(String.class, "SELECT processed_at::text FROM web_chat_messages WHERE id = ?", posted.get(0)));
        assertEquals(Boolean.TRUE, sql.value(Boolean.class,
                "SELECT bool_and(claimed_until IS NULL) FROM web_chat_messages WHERE id = ANY (?)", (Object) posted.toArray(Integer[]::new)));
        assertEquals(List.of(), ids(claim(key, 10, 60)));
    }

    @Test
    void aBatchIsAllOrNothing() {
        List<Integer> posted = post(3);
        String token = claim(key, 10, 60).path("claim_token");

        // an unknown message: 404 naming it, and none of the others is acknowledged
        List<Integer> withUnknown = new ArrayList<>(posted);
        withUnknown.add(999_999_999);
        ackBatch(key, token, withUnknown, 0).then().statusCode(404)
                .body("detail", containsString("999999999")).body("errors.field", hasItem("messages[3]"));
        assertEquals(0, processed(posted));

        // one of them acknowledged meanwhile under another Broca id: 409 naming it, nothing else changes
        Chats.ack(key, posted.get(1), 1, token).then().statusCode(200);
        ackBatch(key, token, posted, 7000).then().statusCode(409)
                .body("errors.field", equalTo(List.of("messages[1]")))
                .body("errors[0].message", containsString("broca_message_id 1"));
        assertEquals(1, processed(posted));
        assertEquals(1, sql.value(Integer.class, "SELECT broca_message_id FROM web_chat_messages WHERE id = ?", posted.get(1)));

        // the rest, and the one already acknowledged under the same id, go through together
        Chats.asService(key).body(Map.of("claim_token", token, "messages", List.of(
                Map.of("id", posted.get(0), "broca_message_id", 10),
                Map.of("id", posted.get(1), "broca_message_id", 1),
                Map.of("id", posted.get(2), "broca_message_id", 12)))).post("/api/v1/chat/broca/ack")
                .then().statusCode(200)
                .body("acknowledged", equalTo(List.of(posted.get(0), posted.get(2))))
                .body("already_acknowledged", equalTo(List.of(posted.get(1))));
        assertEquals(3, processed(posted));
    }

    @Test
    void aBatchNeedsItsClaimTokenDistinctMessagesAndAtMostAClaimsWorth() {
        List<Integer> posted = post(2);
        String token = claim(key, 10, 60).path("claim_token");
        ackBatch(key, null, posted, 0).then().statusCode(422).body("errors.field", hasItem("claim_token"));
        ackBatch(key, token, List.of(), 0).then().statusCode(422).body("errors.field", hasItem("messages"));
        Chats.asService(key).body(Map.of("claim_token", token)).post("/api/v1/chat/broca/ack").then().statusCode(422)
                .body("errors.field", hasItem("messages"));
        Chats.asService(key).body(Map.of("claim_token", token, "messages", List.of(Map.of("id", posted.get(0)))))
                .post("/api/v1/chat/broca/ack").then().statusCode(422);
        ackBatch(key, token, List.of(posted.get(0), posted.get(1), posted.get(0)), 0).then().statusCode(422)
                .body("errors.field", equalTo(List.of("messages[2].id")));
        List<Integer> tooMany = new ArrayList<>();
        for (int i = 1; i <= 501; i++) {
            tooMany.add(i);
        }
        ackBatch(key, token, tooMany, 0).then().statusCode(422).body("errors.field", hasItem("messages"));
        assertEquals(0, processed(posted));
        // a user's token is not a service key
        Chats.as(user).body(Map.of("claim_token", token, "messages", List.of(Map.of("id", posted.get(0), "broca_message_id", 1))))
                .post("/api/v1/chat/broca/ack").then().statusCode(403);
        assertEquals(0, processed(posted));
    }

    /** One holder per lease: a worker whose lease ran out and was taken over is refused its whole batch. */
    @Test
    void aBatchUnderALostLeaseIsRefusedWholeAndTheNewHolderAcknowledges() throws InterruptedException {
        List<Integer> posted = post(3);
        String crashed = claim(key, 10, 1).path("claim_token");
        Thread.sleep(1500);
        String otherKey = Chats.brocaKey(admin);
        Response again = claim(otherKey, 10, 60);
        assertEquals(posted, ids(again));
        String token = again.path("claim_token");

        ackBatch(key, crashed, posted, 100).then().statusCode(409)
                .body("errors.field", equalTo(List.of("messages[0]", "messages[1]", "messages[2]")))
                .body("errors[0].message", containsString("lost"));
        assertEquals(0, processed(posted));
        ackBatch(otherKey, token, posted, 200).then().statusCode(200).body("acknowledged", equalTo(posted));
        // the late worker's retry still finds the messages another worker's
        ackBatch(key, crashed, posted, 100).then().statusCode(409);
        assertEquals((long) posted.size(), sql.value(Long.class,
                "SELECT count(*) FROM web_chat_messages WHERE id = ANY (?) AND broca_message_id = 200 + id", (Object) posted.toArray(Integer[]::new)));
    }

    /**
     * Two workers acknowledge overlapping batches of one claim at the same moment, many times over:
     * with the same Broca ids both succeed and every message is processed once; with different ones,
     * exactly one batch wins every message it shares with the other, and the loser changes nothing.
     * Rows are locked in id order, so the two never deadlock.
     */
    @Test
    void twoWorkersAcknowledgingOverlappingBatchesAtOnce() throws Exception {
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                List<Integer> posted = new ArrayList<>(insertMessages(40));
                posted.sort(null);
                String token = claim(key, 40, 60).then().statusCode(200).extract().path("claim_token");
                List<Integer> first = posted.subList(0, 30);
                List<Integer> second = posted.subList(10, 40);
                boolean sameIds = round % 2 == 0;
                CountDownLatch start = new CountDownLatch(1);
                Future<Response> a = two.submit(() -> {
                    start.await();
                    return ackBatch(key, token, first, 1_000_000);
                });
                Future<Response> b = two.submit(() -> {
                    start.await();
                    return ackBatch(key, token, second, sameIds ? 1_000_000 : 2_000_000);
                });
                start.countDown();
                Response answerA = a.get(1, TimeUnit.MINUTES);
                Response answerB = b.get(1, TimeUnit.MINUTES);
                if (sameIds) {
                    answerA.then().statusCode(200);
                    answerB.then().statusCode(200);
                    Set<Integer> acknowledged = new HashSet<>(answerA.jsonPath().getList("acknowledged", Integer.class));
                    List<Integer> byB = answerB.jsonPath().getList("acknowledged", Integer.class);
                    byB.forEach(id -> assertTrue(acknowledged.add(id), "message " + id + " acknowledged by both"));
                    assertEquals(new HashSet<>(posted), acknowledged, "every message acknowledged by exactly one call");
                    assertEquals(40L, processed(posted));
                } else {
                    Set<Integer> statuses = Set.of(answerA.statusCode(), answerB.statusCode());
                    assertEquals(Set.of(200, 409), statuses, "one batch wins, the other is refused whole");
                    boolean aWon = answerA.statusCode() == 200;
                    List<Integer> winner = aWon ? first : second;
                    List<Integer> loserOnly = aWon ? posted.subList(30, 40) : posted.subList(0, 10);
                    int base = aWon ? 1_000_000 : 2_000_000;
                    assertEquals((long) winner.size(), sql.value(Long.class,
                            "SELECT count(*) FROM web_chat_messages WHERE processed AND id = ANY (?) AND broca_message_id = ? + id",
                            winner.toArray(Integer[]::new), base));
                    assertEquals(0L, processed(loserOnly), "the refused batch changed nothing");
                    ackBatch(key, token, loserOnly, 3_000_000).then().statusCode(200);
                }
                assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM web_chat_messages WHERE NOT processed"));
            }
        } finally {
            two.shutdownNow();
        }
    }

    /**
     * Two workers claim in a loop over 1,000 messages and acknowledge each claim with one batch call:
     * each message is handed out exactly once, none is lost, and every one ends processed once.
     */
    @Test
    void twoWorkersClaimingAndAcknowledgingInBatchesNeverShareAMessage() throws Exception {
        int count = 1000;
        Set<Integer> inserted = insertMessages(count);
        String[] keys = { key, Chats.brocaKey(admin) };
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService workers = Executors.newFixedThreadPool(2);
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
                        ackBatch(workerKey, claimed.getString("claim_token"), batch, base).then().statusCode(200)
                                .body("acknowledged", hasItems(batch.toArray(Integer[]::new)));
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
        } finally {
            workers.shutdownNow();
        }
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM web_chat_messages WHERE session_id = ? AND NOT processed", session));
        assertEquals(0L, sql.value(Long.class,
                "SELECT count(*) FROM web_chat_messages WHERE session_id = ? AND delivery_attempts <> 1", session));
        assertEquals((long) count, sql.value(Long.class,
                "SELECT count(DISTINCT broca_message_id) FROM web_chat_messages WHERE session_id = ?", session));
    }

    private Set<Integer> insertMessages(int count) {
        Set<Integer> ids = new HashSet<>();
        sql.strings("INSERT INTO web_chat_messages (session_id, message, user_id) SELECT ?, 'bulk ' || n, ? FROM generate_series(1, ?) n RETURNING id",
                session, user.id(), count).forEach(id -> ids.add(Integer.valueOf(id)));
        assertEquals(count, ids.size());
        return ids;
    }
}
