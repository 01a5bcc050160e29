package io.animus.registry.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.animus.registry.config.layer.LayerCache;
import io.animus.registry.config.layer.LayerScope;
import io.animus.registry.config.layer.StoredLayers;
import io.animus.registry.notify.ChannelSubscriber;
import io.animus.registry.web.ProblemException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;

/**
 * The long polls of this replica: requests that wait for their configuration to change. A held
 * request is an entry in a map and a Vert.x timer; it holds no thread and no database connection.
 * <p>
 * Every change of the configuration tables, on this replica or announced by another
 * ({@link LayerCache#onChange}), schedules one pass on a worker thread: each scope with held requests
 * is read once, and each request whose version differs is answered with the new configuration. When
 * the wait ends first, the answer is 304. A key revoked or deleted anywhere is announced on the
 * channel {@code animus_service_key_revoked}; its held requests end at once with 401. While the
 * listener is away, announcements may be missed: held requests are answered 304 (the client comes
 * back and is authenticated again), new waits last at most {@link #WAIT_WITHOUT_LISTENER}, and
 * changes are looked for on every tick of the listener.
 */
@ApplicationScoped
public class HeldRequests implements ChannelSubscriber {

    static final String CHANNEL = "animus_service_key_revoked";
    static final Duration WAIT_WITHOUT_LISTENER = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(HeldRequests.class);

    /** One held request. */
    private final class Held {
        final ModuleBinding binding;
        final String version;
        final boolean dotenv;
        final UniEmitter<? super Response> emitter;
        final AtomicBoolean done = new AtomicBoolean();
        volatile long timer = -1;

        Held(ModuleBinding binding, String version, boolean dotenv, UniEmitter<? super Response> emitter) {
            this.binding = binding;
            this.version = version;
            this.dotenv = dotenv;
            this.emitter = emitter;
        }

        boolean finish() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            forget(this);
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            return true;
        }

        void answer(Response response) {
            if (finish()) {
                emitter.complete(response);
            }
        }

        void fail(Throwable failure) {
            if (finish()) {
                emitter.fail(failure);
            }
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    LayerCache cache;

    @Inject
    ConfigurationDelivery delivery;

    private final Map<LayerScope, Set<Held>> held = new ConcurrentHashMap<>();
    private final AtomicBoolean passPending = new AtomicBoolean();
    private volatile boolean listening;

    void start(@Observes StartupEvent event) {
        cache.onChange(this::changed);
    }

    /**
     * The answer to a request that holds {@code version}: when the configuration changes, 200 with the
     * new one; when {@code wait} ends first, 304.
     */
    Uni<Response> hold(ModuleBinding binding, String version, boolean dotenv, Duration wait) {
        Duration bounded = listening || wait.compareTo(WAIT_WITHOUT_LISTENER) < 0 ? wait : WAIT_WITHOUT_LISTENER;
        return Uni.createFrom().emitter(emitter -> {
            Held request = new Held(binding, version, dotenv, emitter);
            held.computeIfAbsent(binding.scope(), scope -> ConcurrentHashMap.newKeySet()).add(request);
            request.timer = vertx.setTimer(Math.max(1, bounded.toMillis()),
                    id -> request.answer(ConfigurationDelivery.notModified(version)));
            emitter.onTermination(request::finish);
            // a change between reading the version and registering the request is not missed
            StoredLayers now = cache.peek(binding.scope());
            if (now == null || !now.version().equals(version)) {
                changed();
            }
        });
    }

    /** How many requests are held now. */
    public int size() {
        return held.values().stream().mapToInt(Set::size).sum();
    }

    private void forget(Held request) {
        held.computeIfPresent(request.binding.scope(), (scope, requests) -> {
            requests.remove(request);
            return requests.isEmpty() ? null : requests;
        });
    }

    private void changed() {
        if (!held.isEmpty() && passPending.compareAndSet(false, true)) {
            Infrastructure.getDefaultWorkerPool().execute(this::pass);
        }
    }

    /** Reads each scope with held requests once and answers those whose configuration changed. */
    private void pass() {
        passPending.set(false);
        for (Map.Entry<LayerScope, Set<Held>> entry : held.entrySet()) {
            List<Held> requests = List.copyOf(entry.getValue());
            if (requests.isEmpty()) {
                continue;
            }
            StoredLayers layers;
            try {
                layers = delivery.current(requests.get(0).binding);
            } catch (ProblemException e) {
                requests.forEach(request -> request.fail(e));
                continue;
            } catch (RuntimeException e) {
                LOG.warnf("Looking for changes of held configuration requests failed (%s); they are answered 304", e.getMessage());
                requests.forEach(request -> request.answer(ConfigurationDelivery.notModified(request.version)));
                continue;
            }
            for (Held request : requests) {
                if (!layers.version().equals(request.version) && !request.done.get()) {
                    try {
                        request.answer(delivery.render(request.binding, layers, request.dotenv));
                    } catch (RuntimeException e) {
                        request.fail(e);
                    }
                }
            }
        }
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void connected(boolean again) {
        listening = true;
    }

    @Override
    public void notified(List<String> payloads) {
        for (String payload : payloads) {
            int keyId = Integer.parseInt(payload);
            for (Set<Held> requests : held.values()) {
                for (Held request : requests) {
                    if (request.binding.keyId() == keyId) {
                        request.fail(new ProblemException(401, "The module key was revoked"));
                    }
                }
            }
        }
    }

    @Override
    public void disconnected() {
        listening = false;
        for (Set<Held> requests : held.values()) {
            for (Held request : List.copyOf(requests)) {
                request.answer(ConfigurationDelivery.notModified(request.version));
            }
        }
    }
}
