package io.animus.registry.agent;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The agents of this replica's recent reads, so that the most frequent request, reading one agent,
 * needs no database round trip.
 * <p>
 * It stays correct across replicas: a trigger announces every committed change of an agent on the
 * PostgreSQL channel {@code animus_agents}, and a listener evicts the agent from every replica's
 * cache. The cache serves only while the listener is connected; when the connection drops, the
 * cache is emptied and bypassed until it is back. A load that raced with an eviction is not stored
 * (a generation counter tells). A replica evicts its own writes when they commit, so a client reads
 * its own write at once; another replica may serve the previous version for the few milliseconds a
 * notification takes. Writes never rely on the cache: they lock and compare the stored row.
 */
@ApplicationScoped
public class AgentCache {

    static final String CHANNEL = "animus_agents";
    private static final Logger LOG = Logger.getLogger(AgentCache.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @ConfigProperty(name = "animus.agents.cache.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "animus.agents.cache.max-entries", defaultValue = "10000")
    int maxEntries;

    private final ConcurrentHashMap<Integer, Agent> agents = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;
    private volatile boolean running;
    private Thread listener;

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        running = true;
        listener = new Thread(this::listen, "agent-cache-listener");
        listener.setDaemon(true);
        listener.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
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

    private void listen() {
        long backoff = 100;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                clear();
                listening = true;
                backoff = 100;
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            evict(Integer.parseInt(notification.getParameter()));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (listening) {
                    LOG.warnf("Agent cache listener lost its connection (%s); serving agents from the database", e.getMessage());
                }
            } finally {
                listening = false;
                clear();
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, 5000);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether reads are being served from the cache (the listener is connected). */
    public boolean active() {
        return listening;
    }
}
