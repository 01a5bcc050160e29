package io.animus.registry.webhook;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of webhook deliveries ({@code animus.webhooks.*}). */
@ConfigMapping(prefix = "animus.webhooks")
public interface WebhookConfig {

    /** How often a replica looks for deliveries to send ({@code off} disables sending on this replica). */
    @WithDefault("1s")
    String every();

    /** Whether a webhook may point at a loopback, private, link-local or otherwise internal address (SSRF guard; off by default). */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** The longest a receiver may take to accept the connection. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** The longest a receiver may take to answer one delivery; past that the attempt has failed. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** Attempts of one delivery before it is marked failed (an admin may still redeliver it). */
    @WithDefault("12")
    int maxAttempts();

    /** The wait after the first failed attempt; each further failure doubles it. */
    @WithDefault("2s")
    Duration initialBackoff();

    /** The longest wait between two attempts. */
    @WithDefault("10m")
    Duration maxBackoff();

    /** Webhooks one replica sends to at the same time (one sender each, so a slow receiver holds only its own). */
    @WithDefault("8")
    int concurrency();

    /** Deliveries a sender reads at once from one webhook's queue. */
    @WithDefault("100")
    int batchSize();

    /** How long a replica's claim on a webhook lasts without renewal; another replica takes over after it. At least three request timeouts. */
    @WithDefault("60s")
    Duration lease();

    /** How long delivered and failed deliveries (and events no delivery refers to) are kept. */
    @WithDefault("30d")
    Duration retention();
}
