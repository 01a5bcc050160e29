package io.animus.registry.webhook;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.animus.registry.testing.Fixtures.Caller;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Webhooks made through the API, and waiting for what the sender does, for the webhook tests. */
final class Webhooks {

    static final String SECRET = "whsec-test-0123456789abcdef";

    private Webhooks() {
    }

    static RequestSpecification as(Caller caller) {
        return given().header("Authorization", caller.bearer()).contentType(ContentType.JSON);
    }

    /** A new active webhook to {@code url} for {@code events}, signed with {@link #SECRET}; its id. */
    static int create(Caller admin, String url, String... events) {
        return as(admin).body(body(url, List.of(events), SECRET)).post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
    }

    static Map<String, Object> body(String url, List<String> events, String secret) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        body.put("events", events);
        if (secret != null) {
            body.put("secret", secret);
        }
        return body;
    }

    /** Queues a ping for the webhook; the delivery's id. */
    static long ping(Caller admin, int webhookId) {
        return ((Number) as(admin).post("/api/v1/webhooks/" + webhookId + "/ping").then().statusCode(202).extract().path("id"))
                .longValue();
    }

    /** Waits up to {@code max} for {@code done}, running {@code step} between looks. */
    static void await(Duration max, Runnable step, BooleanSupplier done, String what) {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + max + ": " + what);
            }
            step.run();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
