package io.animus.registry.config.layer;

import io.animus.registry.config.ConfigurationWrites;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.animus.registry.notify.ChannelSubscriber;
import io.animus.registry.notify.ListeningCache;
import io.animus.registry.notify.ListeningCache.WhenFull;

/**
 * The layers of this replica's recent effective configurations, so that reading one again needs no
 * database round trip. It holds values as stored (secrets still encrypted) and the facts an access
 * check needs; every caller's access and masking are applied on top of it.
 * <p>
 * It stays exact across replicas: a trigger on each table the layers are read from announces every
 * committed change on the PostgreSQL channel {@code animus_configuration}, and the
 * {@link io.animus.registry.notify.ChannelListener} empties every replica's cache. Changes are rare
 * next to reads, so the whole cache is dropped rather than tracking which scope a row feeds. The
 * cache follows the listener as every such cache does ({@link ListeningCache}): it serves only while
 * the listener is connected (while it is not, every read goes to the database), and a load that raced
 * with a drop is not stored. A replica drops its cache itself when one of its own transactions writes
 * one of those tables ({@link ConfigurationWrites}), at the write and again when the transaction ends,
 * so a client reads its own write at once.
 */
@ApplicationScoped
public class LayerCache implements ChannelSubscriber {

    static final String CHANNEL = "animus_configuration";
    private static final Object DROP_ON_COMPLETION = new Object();

    @Inject
    TransactionSynchronizationRegistry transactions;

    @ConfigProperty(name = "animus.configurations.cache.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "animus.configurations.cache.max-entries", defaultValue = "10000")
    int maxEntries;

    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final ListeningCache<LayerScope, StoredLayers> layers = new ListeningCache<>(() -> maxEntries, WhenFull.KEEP_OUT,
            this::changed);

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public void connected(boolean again) {
        layers.connected();
    }

    @Override
    public void notified(List<String> payloads) {
        drop();
    }

    @Override
    public void disconnected() {
        layers.disconnected();
    }

    /** While nothing announces changes, those who wait for one are told to look again every tick. */
    @Override
    public void tick() {
        if (!layers.listening()) {
            changed();
        }
    }

    /** The layers of a scope, from the cache or from {@code loader}. */
    public StoredLayers get(LayerScope scope, Function<LayerScope, StoredLayers> loader) {
        return layers.get(scope, loader);
    }

    /** The cached layers of a scope without loading them; null on a miss or while the cache is off. */
    public StoredLayers peek(LayerScope scope) {
        return layers.peek(scope);
    }

    /** Whether reads are being served from the cache (the listener is connected). */
    public boolean active() {
        return layers.listening();
    }

    /**
     * Called after every change seen, on this replica or announced by another: on the listener's
     * thread or at the end of a transaction, so it must return at once.
     */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** Drops the cache now and again when the current transaction (if any) ends, whatever its outcome. */
    public void dropOnCompletion() {
        drop();
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE
                || transactions.getResource(DROP_ON_COMPLETION) != null) {
            return;
        }
        transactions.putResource(DROP_ON_COMPLETION, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                drop();
            }
        });
    }

    /** Drops the whole cache and tells those who wait for a change. */
    void drop() {
        layers.clear();
    }

    private void changed() {
        for (Runnable listener : changeListeners) {
            listener.run();
        }
    }
}
