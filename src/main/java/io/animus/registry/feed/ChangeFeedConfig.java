package io.animus.registry.feed;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the change feed ({@code animus.changes.*}). */
@ConfigMapping(prefix = "animus.changes")
public interface ChangeFeedConfig {

    /** How long a change stays in the feed; a cursor older than that is answered 410 Gone. */
    @WithDefault("7d")
    Duration retention();

    /** How often a replica tries to prune changes past the retention ({@code off} disables it); one replica prunes at a time. */
    @WithDefault("1h")
    String pruneEvery();

    /** The change stream ({@code /api/v1/changes/stream}). */
    Stream stream();

    interface Stream {
        /** How often an idle stream gets a {@code ping} event, so that proxies keep it open. */
        @WithDefault("20s")
        Duration heartbeat();

        /** The longest a stream stays open; the client then reconnects with {@code Last-Event-ID}. */
        @WithDefault("1h")
        Duration maxLifetime();

        /** Events a stream holds for a client that reads slowly; past that the stream ends and the client resumes. */
        @WithDefault("2048")
        int buffer();
    }
}
