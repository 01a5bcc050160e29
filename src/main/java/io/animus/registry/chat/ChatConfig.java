package io.animus.registry.chat;

import io.animus.registry.chat.broca.Claim;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of web chat and of its delivery to Broca ({@code animus.chat.*}). */
@ConfigMapping(prefix = "animus.chat")
public interface ChatConfig {

    /** The longest message a user may post, in characters. */
    @WithDefault("32768")
    int messageMaxLength();

    /** The longest reply Broca may store, in characters. */
    @WithDefault("262144")
    int responseMaxLength();

    /** How many sessions' owners and agents are remembered for the access check of a post; a full cache starts over. */
    @WithDefault("10000")
    int sessionCacheMaxEntries();

    /** Claims of pending messages by Broca. */
    Claim claim();

    /** Server-Sent Events that follow sessions and pending messages. */
    Events events();

    /** How long the figure of the {@code animus_chat_messages_pending} gauge is reused before it is counted again. */
    @WithDefault("5s")
    Duration pendingGaugeTtl();

    interface Claim {
        /** Messages per claim when the request names no limit. */
        @WithDefault("50")
        int defaultLimit();

        /** The most messages one claim may take. */
        @WithDefault("500")
        int maxLimit();

        /** The lease in seconds when the request names none: a message not acknowledged by then is pending again. */
        @WithDefault("60")
        int defaultLeaseSeconds();

        /** The longest lease a claim may ask for, in seconds. */
        @WithDefault("3600")
        int maxLeaseSeconds();
    }

    interface Events {
        /** Whether this replica listens on PostgreSQL for chat changes; without it, event streams stay silent. */
        @WithDefault("true")
        boolean enabled();

        /** How often an idle event stream gets a ping, so that proxies keep it open. */
        @WithDefault("20s")
        Duration heartbeat();

        /** Events held for a slow session stream; beyond it the stream ends and the client reconnects. */
        @WithDefault("256")
        int buffer();

        /**
         * The longest life of one stream; a user's stream also ends when their access token expires,
         * so that access is checked again, with a fresh token, on reconnection.
         */
        @WithDefault("1h")
        Duration maxLifetime();
    }
}
