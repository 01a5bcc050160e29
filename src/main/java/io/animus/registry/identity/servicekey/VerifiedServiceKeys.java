package io.animus.registry.identity.servicekey;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.animus.registry.identity.servicekey.ServiceKeyService.Holder;
import io.animus.registry.notify.ChannelSubscriber;
import io.animus.registry.notify.ListeningCache;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The service keys this replica has verified, so that a module polling its configuration, or Broca
 * claiming messages, is authenticated without a database round trip.
 * <p>
 * A key stays valid until it is revoked or deleted, and a trigger announces both on the channel
 * {@code animus_service_key_revoked} (a key whose scope is deleted is revoked by the database, and
 * announced too): every replica forgets the key at once. The replica that revokes forgets it in the
 * revoking transaction as well. The cache follows the listener as every such cache does
 * ({@link ListeningCache}): keys are served from here only while the listener is connected, and a
 * verification that raced with a revocation is not kept. The stored hash is the cache's key, never the
 * key itself. {@code last_used_at} keeps its precision: a cached key due for an update has it written
 * on a worker thread.
 */
@ApplicationScoped
public class VerifiedServiceKeys implements ChannelSubscriber {

    static final String CHANNEL = "animus_service_key_revoked";

    private record Verified(Holder holder, AtomicLong lastUsed) {
    }

    @Inject
    ServiceKeyService keys;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @ConfigProperty(name = "animus.service-keys.cache.max-entries", defaultValue = "10000")
    int maxEntries;

    private final ListeningCache<String, Verified> verified = new ListeningCache<>(() -> maxEntries);

    /** The holder of a key verified before and not revoked since; null when it must be verified. */
    Holder cached(String key) {
        if (!verified.listening() || !ServiceKeys.wellFormed(key)) {
            return null;
        }
        Verified hit = verified.peek(ServiceKeys.hash(key));
        if (hit == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        long last = hit.lastUsed().get();
        if (now - last >= ServiceKeyService.LAST_USED_PRECISION.toMillis() && hit.lastUsed().compareAndSet(last, now)) {
            int id = hit.holder().id();
            Infrastructure.getDefaultWorkerPool().execute(() -> keys.touch(id));
        }
        return hit.holder();
    }

    /** The generation to hand to {@link #remember}, taken before a verification starts. */
    long generation() {
        return verified.generation();
    }

    /** Keeps a key just verified, unless a revocation was heard since {@code before}. */
    void remember(String key, Holder holder, long before) {
        verified.remember(ServiceKeys.hash(key), new Verified(holder, new AtomicLong(System.currentTimeMillis())), before);
    }

    /** Forgets a key now and again when the current transaction ends (it is being revoked). */
    void forgetOnCompletion(int id) {
        forget(Set.of(id));
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                forget(Set.of(id));
            }
        });
    }

    /**
     * Forgets every key when the current transaction ends. The transaction deletes a scope (an agent, a
     * tool, a tool instance) and the database revokes the keys bound to it; the announcement reaches this
     * replica a moment later, but the deleting client's next request must already be refused here.
     */
    public void forgetAllOnCompletion() {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            verified.clear();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                verified.clear();
            }
        });
    }

    private void forget(Set<Integer> ids) {
        verified.evictIf(entry -> ids.contains(entry.holder().id()));
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void connected(boolean again) {
        verified.connected();
    }

    @Override
    public void notified(List<String> payloads) {
        forget(payloads.stream().map(Integer::valueOf).collect(Collectors.toSet()));
    }

    @Override
    public void disconnected() {
        verified.disconnected();
    }
}
