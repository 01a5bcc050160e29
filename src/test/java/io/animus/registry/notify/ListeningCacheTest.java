package io.animus.registry.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.animus.registry.notify.ListeningCache.WhenFull;

/** A replica cache follows the listener: it serves only while connected and keeps no load that raced an eviction. */
class ListeningCacheTest {

    private final AtomicInteger loads = new AtomicInteger();

    private String load(String key) {
        loads.incrementAndGet();
        return key.toUpperCase();
    }

    @Test
    void nothingIsServedOrKeptBeforeTheListenerIsConnected() {
        ListeningCache<String, String> cache = new ListeningCache<>(() -> 10);

        assertEquals("A", cache.get("a", this::load));
        assertEquals("A", cache.get("a", this::load));
        assertEquals(2, loads.get(), "every read loads");
        assertNull(cache.peek("a"));
        assertFalse(cache.listening());
    }

    @Test
    void whileConnectedALoadIsKeptAndServed() {
        ListeningCache<String, String> cache = new ListeningCache<>(() -> 10);
        cache.connected();

        assertEquals("A", cache.get("a", this::load));
        assertEquals("A", cache.get("a", this::load));
        assertEquals(1, loads.get(), "the second read is served from the cache");
        assertEquals("A", cache.peek("a"));
        assertTrue(cache.listening());
    }

    @Test
    void aNullLoadIsNotKept() {
        ListeningCache<String, String> cache = new ListeningCache<>(() -> 10);
        cache.connected();

        assertNull(cache.get("a", key -> null));
        assertNull(cache.peek("a"));
    }

    @Test
    void theCacheIsEmptiedWhenTheListenerGoesAndWhenItComesBack() {
        ListeningCache<String, String> cache = new ListeningCache<>(() -> 10);
        cache.connected();
        cache.get("a", this::load);

        cache.disconnected();
        assertNull(cache.peek("a"));
        assertFalse(cache.listening());
        assertEquals("A", cache.get("a", this::load));
        assertEquals(2, loads.get(), "nothing is served while the listener is away");

        cache.connected();
        cache.get("b", this::load);
        cache.connected();
        assertNull(cache.peek("b"), "a reconnection drops what may have missed an announcement");
    }

    @Test
    void aLoadThatRacedAnEvictionIsNotKept() {
        ListeningCache<String, String> cache = new ListeningCache<>(() -> 10);
        cache.connected();

        assertEquals("A", cache.get("a", key -> {
            cache.evict("other");
            return load(key);
        }));
        assertNull(cache.peek("a"));

        long before = cache.generation();
        cache.evictIf(value -> false);
        cache.remember("b", "B", before);
        assertNull(cache.peek("b"));

        before = cache.generation();
        cache.remember("b", "B", before);
        assertEquals("B", cache.peek("b"));
    }

    @Test
    void evictionsForgetWhatTheyName() {
        ListeningCache<String, String> cache = new ListeningCache<>(() -> 10);
        cache.connected();
        cache.get("a", this::load);
        cache.get("b", this::load);
        cache.get("c", this::load);

        cache.evict("a");
        cache.evictIf(value -> value.equals("B"));

        assertNull(cache.peek("a"));
        assertNull(cache.peek("b"));
        assertEquals("C", cache.peek("c"));
    }

    @Test
    void aFullCacheKeepsOutNewLoadsOrStartsOver() {
        ListeningCache<String, String> keepOut = new ListeningCache<>(() -> 1);
        keepOut.connected();
        keepOut.get("a", this::load);
        keepOut.get("b", this::load);
        assertEquals("A", keepOut.peek("a"));
        assertNull(keepOut.peek("b"));

        ListeningCache<String, String> startOver = new ListeningCache<>(() -> 1, WhenFull.START_OVER);
        startOver.connected();
        startOver.get("a", this::load);
        startOver.get("b", this::load);
        assertNull(startOver.peek("a"));
        assertEquals("B", startOver.peek("b"));
    }

    @Test
    void whoeverWaitsIsToldOfEveryEmptying() {
        AtomicInteger emptied = new AtomicInteger();
        ListeningCache<String, String> cache = new ListeningCache<>(() -> 10, WhenFull.KEEP_OUT, emptied::incrementAndGet);

        cache.connected();
        cache.clear();
        cache.disconnected();
        assertEquals(3, emptied.get());

        cache.evict("a");
        assertEquals(3, emptied.get(), "an eviction of one key is not an emptying");
    }
}
