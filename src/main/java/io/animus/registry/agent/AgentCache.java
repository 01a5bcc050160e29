package io.animus.registry.agent;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.ws.rs.core.EntityTag;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.notify.ChannelSubscriber;
import io.animus.registry.notify.ListeningCache;
import io.animus.registry.web.ETags;

/**
 * The agents of this replica's recent reads, so that the most frequent request, reading one agent,
 * needs no database round trip.
 * <p>
 * It stays correct across replicas: a trigger announces every committed change of an agent on the
 * PostgreSQL channel {@code animus_agents}, and the {@link io.animus.registry.notify.ChannelListener} evicts the agent from every replica's
 * cache. The cache follows the listener as every such cache does ({@link ListeningCache}): it serves
 * only while the listener is connected, and a load that raced with an eviction is not stored. A
 * replica evicts its own writes when they commit, so a client reads its own write at once; another
 * replica may serve the previous version for the few milliseconds a notification takes. Writes never
 * rely on the cache: they lock and compare the stored row.
 * <p>
 * Each cached agent also keeps its answer as the API writes it, serialized once per version with its
 * entity tag, so that a read of a cached agent only checks who asks and writes bytes. The answer is
 * the same for everyone who may see the agent (visibility is checked on every read, before it is
 * served), and it goes with its entry: evicting the agent drops it.
 */
@ApplicationScoped
public class AgentCache implements ChannelSubscriber {

    static final String CHANNEL = "animus_agents";
    /** The payload that evicts every agent: the Letta link's states changed (a trigger on {@code letta_links}). */
    static final String EVERY_AGENT = "*";

    @Inject
    TransactionSynchronizationRegistry transactions;

    @ConfigProperty(name = "animus.agents.cache.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "animus.agents.cache.max-entries", defaultValue = "10000")
    int maxEntries;

    /** A cached agent with its link to Letta, and its answer once serialized. */
    static final class Entry {
        final Agent agent;
        final AgentLettaLink link;
        private volatile AgentBody body;

        Entry(Agent agent, AgentLettaLink link) {
            this.agent = agent;
            this.link = link;
        }
    }

    /** An agent's answer: the JSON the API shows for this version, and its entity tag. */
    public record AgentBody(byte[] json, EntityTag tag) {
    }

    @Inject
    ObjectMapper json;

    private final ListeningCache<Integer, Entry> agents = new ListeningCache<>(() -> maxEntries);

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
        agents.connected();
    }

    @Override
    public void notified(List<String> payloads) {
        for (String payload : payloads) {
            if (EVERY_AGENT.equals(payload)) {
                agents.clear();
            } else {
                evict(Integer.parseInt(payload));
            }
        }
    }

    @Override
    public void disconnected() {
        agents.disconnected();
    }

    /**
     * The agent with this id, from the cache or from {@code loader}. The returned entity is detached
     * when it comes from the cache: read it, never change it.
     */
    public Optional<Agent> get(int id, Supplier<Optional<Agent>> loader) {
        Entry entry = agents.get(id, key -> loader.get()
                .map(agent -> new Entry(agent, AgentLettaLink.forAgent(agent.id).orElse(null))).orElse(null));
        return Optional.ofNullable(entry).map(found -> found.agent);
    }

    /** The cached agent with this id, without loading it; empty on a miss or while the cache is off. */
    public Optional<Agent> peek(int id) {
        return Optional.ofNullable(agents.peek(id)).map(entry -> entry.agent);
    }

    /** The cached entry with this id, without loading it; empty on a miss or while the cache is off. */
    Optional<Entry> peekEntry(int id) {
        return Optional.ofNullable(agents.peek(id));
    }

    /** The entry's answer, serialized on its first read and kept with it. */
    AgentBody body(Entry entry) {
        AgentBody body = entry.body;
        if (body == null) {
            body = serialize(entry.agent, entry.link);
            entry.body = body;
        }
        return body;
    }

    /** The answer of an agent as the API writes it, and its entity tag. */
    AgentBody serialize(Agent agent, AgentLettaLink link) {
        try {
            return new AgentBody(json.writeValueAsBytes(AgentResponse.from(agent, link)), ETags.of(AgentLettaLink.version(agent, link)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("agent " + agent.id + " cannot be written as JSON", e);
        }
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

    /** Evicts every agent on this replica now (the other replicas hear of it from the trigger of the change). */
    public void evictAll() {
        agents.clear();
    }

    void evict(int id) {
        agents.evict(id);
    }

    /** Whether reads are being served from the cache (the listener is connected). */
    public boolean active() {
        return agents.listening();
    }
}
