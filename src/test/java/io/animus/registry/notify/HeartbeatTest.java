package io.animus.registry.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The pace of the pings of the event streams: one per beat, the first a beat after the first tick. */
class HeartbeatTest {

    private final AtomicInteger pings = new AtomicInteger();

    @Test
    void theFirstTickStartsTheCountAndAPingComesOncePerBeat() throws InterruptedException {
        Heartbeat heartbeat = new Heartbeat(() -> Duration.ofMillis(200));

        heartbeat.tick(pings::incrementAndGet);
        heartbeat.tick(pings::incrementAndGet);
        assertEquals(0, pings.get(), "no ping before a beat has passed");

        Thread.sleep(250);
        heartbeat.tick(pings::incrementAndGet);
        assertEquals(1, pings.get(), "a ping once the beat has passed");

        heartbeat.tick(pings::incrementAndGet);
        assertEquals(1, pings.get(), "the next ping waits for the next beat");

        Thread.sleep(250);
        heartbeat.tick(pings::incrementAndGet);
        assertEquals(2, pings.get());
    }

    @Test
    void theBeatIsReadAtEachBeat() throws InterruptedException {
        Duration[] every = { Duration.ofMillis(100) };
        Heartbeat heartbeat = new Heartbeat(() -> every[0]);

        heartbeat.tick(pings::incrementAndGet);
        every[0] = Duration.ofHours(1);
        Thread.sleep(150);
        heartbeat.tick(pings::incrementAndGet);
        assertEquals(1, pings.get(), "the first beat was set when the count started");

        Thread.sleep(150);
        heartbeat.tick(pings::incrementAndGet);
        assertEquals(1, pings.get(), "the next beat is the longer one");
    }
}
