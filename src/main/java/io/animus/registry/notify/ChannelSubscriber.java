package io.animus.registry.notify;

import java.util.List;

/**
 * A part of the registry that follows one PostgreSQL notification channel through the
 * {@link ChannelListener}. Every method is called on the listener's thread, one at a time.
 */
public interface ChannelSubscriber {

    /** The channel to {@code LISTEN} on. */
    String channel();

    /**
     * Whether this subscriber is switched on (one without a switch of its own always is); the listener
     * does not start when none is.
     */
    default boolean enabled() {
        return true;
    }

    /**
     * The listener is connected and listening; {@code again} when it had been connected before, so
     * that announcements made in between were missed.
     */
    void connected(boolean again);

    /** The payloads of the announcements on {@link #channel()} received together, in commit order. */
    void notified(List<String> payloads);

    /** The listener lost its connection (or is stopping): announcements are missed until {@link #connected}. */
    void disconnected();

    /** Called about every {@link ChannelListener#POLL} whether connected or not, for periodic work. */
    default void tick() {
    }
}
