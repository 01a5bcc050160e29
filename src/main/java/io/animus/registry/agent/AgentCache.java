package io.animus.registry.agent;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.animus.registry.notify.ChannelSubscriber;

/**
 * The agents of this replica's recent reads, so that the most frequent request, reading one agent,
 * needs no database round trip.
 * <p>
 * It stays correct across replicas: a trigger announces every committed change of an agent on the
 * PostgreSQL channel {@code animus_agents}, and the {@link io.animus.registry.notify.ChannelListener} evicts the agent from every replica's
 * cache. The cache serves only while the listener is connected; when the connection drops, the
 * cache is emptied and bypassed until it is back. A load that raced with an eviction is not stored
 * (a generation counter tells). A replica evicts its own writes when they commit, so a client reads
 * its own write at once; another replica may serve the previous version for the few milliseconds a
 * notification takes. Writes never rely on the cache: they lock and compare the stored row.
 */
@ApplicationScoped
public class AgentCache implements ChannelSubscriber {

    static final String CHANNEL = "animus_agents";

    @Inject
    TransactionSynchronizationRegistry transactions;

    @ConfigProperty(name = "animus.agents.cache.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "animus.agents.cache.max-entries", defaultValue = "10000")
    int maxEntries;

    private final ConcurrentHashMap<Integer, Agent> agents = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;

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
        clear();
        listening = true;
    }

    @Override
    public void notified(List<String> payloads) {
        for (String payload : payloads) {
            evict(Integer.parseInt(payload));
        }
    }

    @Override
    public void disconnected() {
        listening = false;
        clear();
    }

    /**
     * The agent with this id, from the cache or from {@code loader}. The returned entity is detached
     * when it comes from the cache: read it, never change it.
     */
    public Optional<Agent> get(int id, Supplier<Optional<Agent>> loader) {
        if (!listening) {
            return loader.get();
        }
        Agent cached = agents.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        long before = generation.get();
        Optional<Agent> loaded = loader.get();
        if (loaded.isPresent() && listening && generation.get() == before && agents.size() < maxEntries) {
            agents.put(id, loaded.get());
        }
        return loaded;
    }

    /** The cached agent with this id, without loading it; empty on a miss or while the cache is off. */
    public Optional<Agent> peek(int id) {
        return listening ? Optional.ofNullable(agents.get(id)) : Optional.empty();
    }

    /** Evicts the agent now and again when the current transaction ends, whatever its outcome. */
    public void evictOnCompletion(int id) {
        evict(id);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                evict(id);
            }
        });
    }

    void evict(int id) {
        generation.incrementAndGet();
        agents.remove(id);
    }

    private void clear() {
        generation.incrementAndGet();
        agents.clear();
    }

    /** Whether reads are being served from the cache (the listener is connected). */
    public boolean active() {
        return listening;
    }
}
