package io.animus.registry.notify;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The part every replica cache kept exact by a notification channel shares: it serves only while the
 * {@link ChannelListener} is connected, is emptied when the connection comes back (announcements may
 * have been missed) and when it goes, and keeps no load that raced with an eviction (a generation
 * counter tells).
 * <p>
 * A cache of a feature holds one and hands it its {@link ChannelSubscriber#connected} and
 * {@link ChannelSubscriber#disconnected}; what the cache holds, which announcement evicts what, and how
 * its own replica's writes evict stay with the feature. It is held rather than inherited because the
 * caches share this lifecycle and nothing else: each is a subscriber of its own channel with its own
 * switch, and some follow transactions or touch what they serve.
 */
public final class ListeningCache<K, V> {

    /** What keeping a load does when the cache holds its most entries. */
    public enum WhenFull {
        /** The load is not kept. */
        KEEP_OUT,
        /** The cache is emptied and the load kept. */
        START_OVER
    }

    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final IntSupplier maxEntries;
    private final WhenFull whenFull;
    private final Runnable onEmptied;
    private volatile boolean listening;

    /** A cache of at most {@code maxEntries} (read at each load) that keeps out loads once full. */
    public ListeningCache(IntSupplier maxEntries) {
        this(maxEntries, WhenFull.KEEP_OUT);
    }

    /** A cache of at most {@code maxEntries}, told what to do when full. */
    public ListeningCache(IntSupplier maxEntries, WhenFull whenFull) {
        this(maxEntries, whenFull, () -> {
        });
    }

    /** A cache as above, told what to do when full, and calling {@code onEmptied} after each {@link #clear}. */
    public ListeningCache(IntSupplier maxEntries, WhenFull whenFull, Runnable onEmptied) {
        this.maxEntries = maxEntries;
        this.whenFull = whenFull;
        this.onEmptied = onEmptied;
    }

    /** The listener is connected: what was cached may have missed an announcement, so it is dropped before serving. */
    public void connected() {
        clear();
        listening = true;
    }

    /** The listener is away: nothing is served until it is back, and nothing is kept meanwhile. */
    public void disconnected() {
        listening = false;
        clear();
    }

    /** Whether the cache serves (the listener is connected). */
    public boolean listening() {
        return listening;
    }

    /** The cached value, without loading it; null on a miss or while the listener is away. */
    public V peek(K key) {
        return listening ? entries.get(key) : null;
    }

    /** The value from the cache, or from {@code loader} while the listener is away or on a miss; a null load is not kept. */
    public V get(K key, Function<K, V> loader) {
        if (!listening) {
            return loader.apply(key);
        }
        V cached = entries.get(key);
        if (cached != null) {
            return cached;
        }
        long before = generation.get();
        V loaded = loader.apply(key);
        if (loaded != null) {
            remember(key, loaded, before);
        }
        return loaded;
    }

    /** The generation to hand to {@link #remember}, taken before a load starts. */
    public long generation() {
        return generation.get();
    }

    /** Keeps a value loaded since {@code before}, unless the listener is away or anything was evicted meanwhile. */
    public void remember(K key, V value, long before) {
        if (!listening || generation.get() != before) {
            return;
        }
        if (entries.size() >= maxEntries.getAsInt()) {
            if (whenFull == WhenFull.KEEP_OUT) {
                return;
            }
            entries.clear();
        }
        entries.put(key, value);
        if (generation.get() != before) {
            // an eviction heard between the check and the put may have swept the map before the value was in it
            entries.remove(key, value);
        }
    }

    /** Forgets one key. */
    public void evict(K key) {
        generation.incrementAndGet();
        entries.remove(key);
    }

    /** Forgets every value that {@code evicted} matches. */
    public void evictIf(Predicate<? super V> evicted) {
        generation.incrementAndGet();
        entries.values().removeIf(evicted);
    }

    /** Forgets everything. */
    public void clear() {
        generation.incrementAndGet();
        entries.clear();
        onEmptied.run();
    }
}
