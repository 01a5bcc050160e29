package io.animus.registry.webhook;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.event.ServiceKeyRotated;
import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Deliveries sent to a real HTTP receiver on this machine ({@link Receiver}), by the sender the
 * scheduled job runs ({@link WebhookDispatcher}, called directly here): signatures, retries with
 * backoff, order per webhook, a hanging receiver, a receiver down and up again, redelivery.
 */
@QuarkusTest
class WebhookDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG_ENOUGH = Duration.ofSeconds(20);

    @Inject
    Fixtures fixtures;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Event<ServiceKeyRotated> keyRotations;

    private Caller admin;
    private Sql sql;
    private Receiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        admin = fixtures.caller(Role.ADMIN);
        sql = new Sql(dataSource);
        receiver = Receiver.start();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        sql.update("DELETE FROM webhooks");
    }

    private void pass() {
        try {
            dispatcher.dispatchAndWait();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String status(long delivery) {
        return sql.value(String.class, "SELECT status FROM webhook_deliveries WHERE id = ?", delivery);
    }

    /** Seconds from the last attempt to the next one. */
    private double backoff(long delivery) {
        return sql.value(java.math.BigDecimal.class, "SELECT extract(epoch FROM next_attempt_at - last_attempt_at) FROM webhook_deliveries"
                + " WHERE id = ?", delivery).doubleValue();
    }

    private int attempts(long delivery) {
        return sql.value(Integer.class, "SELECT attempts FROM webhook_deliveries WHERE id = ?", delivery);
    }

    @Test
    void aDeliveryIsSignedWithTheSecretOverTheTimestampAndBody() throws Exception {
        int webhook = Webhooks.create(admin, receiver.url(), "ping");
        long delivery = Webhooks.ping(admin, webhook);
        pass();

        assertEquals(WebhookDelivery.DELIVERED, status(delivery));
        Receiver.Received got = receiver.received().get(0);
        assertTrue(Receiver.verifies(got, Webhooks.SECRET), "the signature verifies with the webhook's secret: " + got.header("Animus-Signature"));
        assertFalse(Receiver.verifies(got, Webhooks.SECRET + "x"), "and with no other secret");
        Receiver.Received tampered = new Receiver.Received(got.headers(), got.body().replace("ping", "pong"), 200);
        assertFalse(Receiver.verifies(tampered, Webhooks.SECRET), "a changed body does not verify");
        assertEquals("ping", got.header("Animus-Event"));
        assertEquals(Long.toString(delivery), got.header("Animus-Delivery"));
        assertEquals("application/json", got.header("Content-Type"));
        JsonNode body = JSON.readTree(got.body());
        assertEquals("ping", body.get("type").asText());
        assertEquals(webhook, body.get("data").get("webhook_id").asInt());
        Webhooks.as(admin).get("/api/v1/webhooks/" + webhook + "/deliveries/" + delivery).then().statusCode(200)
                .body("status", equalTo("delivered")).body("attempts", equalTo(1)).body("response_status", equalTo(200))
                .body("event_id", equalTo(body.get("id").asText()));
    }

    @Test
    void aReceiverAnswering500IsRetriedWithBackoffUntilItAccepts() {
        receiver.plan(500, 503);
        int webhook = Webhooks.create(admin, receiver.url(), "ping");
        long delivery = Webhooks.ping(admin, webhook);
        pass();
        assertEquals(1, attempts(delivery));
        assertEquals(WebhookDelivery.PENDING, status(delivery));
        Webhooks.as(admin).get("/api/v1/webhooks/" + webhook + "/deliveries/" + delivery).then()
                .body("response_status", equalTo(500)).body("last_error", equalTo("the receiver answered HTTP 500"));
        assertTrue(backoff(delivery) >= 0.19, "the first retry waits the initial backoff (200 ms): " + backoff(delivery));
        Webhooks.await(LONG_ENOUGH, this::pass, () -> attempts(delivery) == 2, "a second attempt");
        assertTrue(backoff(delivery) >= 0.39, "the second waits twice as long: " + backoff(delivery));

        Webhooks.await(LONG_ENOUGH, this::pass, () -> WebhookDelivery.DELIVERED.equals(status(delivery)), "delivered after retries");
        assertEquals(3, attempts(delivery));
        assertEquals(List.of(500, 503, 200), receiver.received().stream().map(Receiver.Received::answered).toList());
        assertEquals(1, receiver.received().stream().map(WebhookDeliveryTest::readId).distinct().count(),
                "every attempt carries the same event");
    }

    @Test
    void deliveriesOfOneWebhookArriveInOrderEvenWhenTheFirstIsRetried() {
        receiver.plan(500);
        int webhook = Webhooks.create(admin, receiver.url(), "ping");
        List<Long> deliveries = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            deliveries.add(Webhooks.ping(admin, webhook));
        }
        pass();
        assertEquals(1, receiver.received().size(), "after a failure the webhook's queue waits for the retry");
        Webhooks.await(LONG_ENOUGH, this::pass, () -> receiver.accepted().size() == 5, "all five delivered");
        List<String> order = receiver.accepted().stream().map(r -> r.header("Animus-Delivery")).toList();
        assertEquals(deliveries.stream().map(String::valueOf).toList(), order);
    }

    @Test
    void aHangingReceiverDoesNotHoldAnotherWebhooksDeliveries() throws Exception {
        receiver.hold(6_000);
        try (Receiver quick = Receiver.start()) {
            int slow = Webhooks.create(admin, receiver.url(), "ping");
            int fast = Webhooks.create(admin, quick.url(), "ping");
            long held = Webhooks.ping(admin, slow);
            long sent = Webhooks.ping(admin, fast);
            List<Future<?>> senders = dispatcher.dispatch();
            assertEquals(2, senders.size());
            long started = System.nanoTime();
            Webhooks.await(Duration.ofSeconds(2), () -> { }, () -> WebhookDelivery.DELIVERED.equals(status(sent)),
                    "the other webhook's delivery goes while the first receiver hangs");
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2));
            assertEquals(0, attempts(held), "the hanging attempt is still in flight");
            for (Future<?> sender : senders) {
                sender.get(10, TimeUnit.SECONDS);
            }
            assertEquals(1, attempts(held));
            assertEquals(WebhookDelivery.PENDING, status(held));
            Webhooks.as(admin).get("/api/v1/webhooks/" + slow + "/deliveries/" + held).then()
                    .body("last_error", equalTo("no answer within 3000 ms"));
            assertEquals(1, quick.accepted().size());
        }
    }

    @Test
    void aReceiverDownAndUpAgainLosesNothing() throws Exception {
        int webhook = Webhooks.create(admin, receiver.url(), "ping");
        receiver.down();
        List<Long> deliveries = List.of(Webhooks.ping(admin, webhook), Webhooks.ping(admin, webhook), Webhooks.ping(admin, webhook));
        pass();
        assertEquals(1, attempts(deliveries.get(0)));
        Webhooks.as(admin).get("/api/v1/webhooks/" + webhook + "/deliveries/" + deliveries.get(0)).then()
                .body("last_error", equalTo("the connection was refused"));
        pass();
        receiver.listen(receiver.port());
        Webhooks.await(LONG_ENOUGH, this::pass, () -> receiver.accepted().size() == 3, "the three delivered once it is back");
        assertEquals(deliveries.stream().map(String::valueOf).toList(),
                receiver.accepted().stream().map(r -> r.header("Animus-Delivery")).toList());
        for (long delivery : deliveries) {
            assertEquals(WebhookDelivery.DELIVERED, status(delivery));
        }
    }

    @Test
    void aDeliveryFailsAfterItsLastAttemptThenTheQueueMovesOnAndAnAdminRedeliversIt() throws Exception {
        receiver.plan(500, 500, 500, 500);
        int webhook = Webhooks.create(admin, receiver.url(), "ping");
        long first = Webhooks.ping(admin, webhook);
        long second = Webhooks.ping(admin, webhook);
        Webhooks.await(LONG_ENOUGH, this::pass, () -> WebhookDelivery.FAILED.equals(status(first)), "failed after 4 attempts");
        assertEquals(4, attempts(first));
        Webhooks.await(LONG_ENOUGH, this::pass, () -> WebhookDelivery.DELIVERED.equals(status(second)), "the next one goes");

        var again = Webhooks.as(admin).post("/api/v1/webhooks/" + webhook + "/deliveries/" + first + "/redeliver").then()
                .statusCode(202).header("Location", containsString("/api/v1/webhooks/" + webhook + "/deliveries/"))
                .body("redelivery_of", equalTo((int) first)).body("status", equalTo("pending")).extract();
        long redelivery = ((Number) again.path("id")).longValue();
        pass();
        assertEquals(WebhookDelivery.DELIVERED, status(redelivery));
        List<Receiver.Received> accepted = receiver.accepted();
        assertEquals(readId(receiver.received().get(0)), readId(accepted.get(accepted.size() - 1)),
                "a redelivery carries the same event id, so that a receiver recognises it");
        Webhooks.as(admin).get("/api/v1/webhooks/" + webhook + "/deliveries?status=failed").then().body("total", equalTo(1));
    }

    @Test
    void anInactiveWebhookAndOneThatDoesNotSubscribeGetNothing() {
        int subscribed = Webhooks.create(admin, receiver.url(), "key.rotated");
        int other = Webhooks.create(admin, receiver.url(), "account.locked");
        int inactive = Webhooks.create(admin, receiver.url(), "key.rotated");
        Webhooks.as(admin).body(Map.of("url", receiver.url(), "events", List.of("key.rotated"), "is_active", false))
                .put("/api/v1/webhooks/" + inactive).then().statusCode(200);
        int key = Webhooks.as(admin).body(Map.of("name", Fixtures.unique("rotated"))).post("/api/v1/service-keys").then()
                .statusCode(201).extract().path("id");
        Webhooks.as(admin).post("/api/v1/service-keys/" + key + "/rotate").then().statusCode(201);
        pass();
        assertEquals(1L, sql.value(Long.class, "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ?", subscribed));
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM webhook_deliveries WHERE webhook_id IN (?, ?)", other, inactive));
        assertEquals(1, receiver.accepted().size());
    }

    private static String readId(Receiver.Received received) {
        try {
            return JSON.readTree(received.body()).get("id").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theOutboxRowIsWrittenInTheEventsTransactionAndRollsBackWithIt() {
        int webhook = Webhooks.create(admin, receiver.url(), "key.rotated");
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            keyRotations.fire(new ServiceKeyRotated(1, "rolled-back", "broca"));
            throw new IllegalStateException("the transaction that raised the event fails later");
        }));
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ?", webhook));
        QuarkusTransaction.requiringNew().run(() -> keyRotations.fire(new ServiceKeyRotated(1, "committed", "broca")));
        assertEquals(1L, sql.value(Long.class, "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ?", webhook));
        Webhooks.as(admin).post("/api/v1/service-keys/999999999/rotate").then().statusCode(404);
        assertEquals(1L, sql.value(Long.class, "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ?", webhook));
    }
}
