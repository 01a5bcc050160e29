package io.animus.registry.webhook;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counters of webhook attempts by outcome ({@code delivered}, {@code failed_attempt}) and of
 * deliveries given up, labelled by event type: a closed set, never a webhook, URL or user.
 */
@Singleton
public class WebhookMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    @Inject
    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempted(String eventType, WebhookSender.Outcome outcome) {
        String type = known(eventType);
        String result = outcome.delivered() ? "delivered" : "failed_attempt";
        attempts.computeIfAbsent(type + "|" + result, key -> Counter.builder("animus.webhook.attempts")
                .description("Attempts to send a webhook delivery, by outcome").tag("event", type).tag("outcome", result)
                .register(registry)).increment();
        durations.computeIfAbsent(type, key -> Timer.builder("animus.webhook.attempt.duration")
                .description("Time of an attempt, until the receiver's answer or the timeout").tag("event", type)
                .register(registry)).record(Duration.ofMillis(outcome.millis()));
    }

    void gaveUp(String eventType) {
        Counter.builder("animus.webhook.deliveries.failed").description("Deliveries marked failed after their last attempt")
                .tag("event", known(eventType)).register(registry).increment();
    }

    /** The event type as a label: one of the known types, else {@code other}, so the label set stays bounded. */
    private static String known(String eventType) {
        for (EventType type : EventType.values()) {
            if (type.label().equals(eventType)) {
                return type.label();
            }
        }
        return "other";
    }
}
