package io.animus.registry.notify;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The pace of the {@code ping} events that keep a replica's idle event streams open through proxies.
 * Its subscriber moves it on every {@link ChannelSubscriber#tick}, so the streams get their pings
 * whether the listener is connected or not; the first tick starts the count.
 */
public final class Heartbeat {

    private final Supplier<Duration> every;
    private long next;

    /** A heartbeat every {@code every} (read at each beat). */
    public Heartbeat(Supplier<Duration> every) {
        this.every = every;
    }

    /** Called on every tick of the listener's thread: runs {@code ping} when a beat is due. */
    public void tick(Runnable ping) {
        long now = System.currentTimeMillis();
        if (next == 0) {
            next = now + every.get().toMillis();
        } else if (now >= next) {
            next = now + every.get().toMillis();
            ping.run();
        }
    }
}
