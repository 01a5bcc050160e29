package io.animus.registry.feed;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.notify.ChannelSubscriber;
import io.animus.registry.notify.Heartbeat;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * The open change streams of this replica, and what wakes them. The commit that gives changes their
 * positions announces the newest one on the PostgreSQL channel {@code animus_changes}; the replica's
 * {@link io.animus.registry.notify.ChannelListener} hands the announcement here, and each stream
 * behind it reads the feed from its own cursor, on a worker, until it has caught up. A stream waits
 * for announcements, not on a timer: no stream polls. After the listener reconnects every stream
 * reads once, in case an announcement was missed; the feed itself misses nothing, since each read
 * starts at the stream's cursor.
 */
@ApplicationScoped
public class ChangeStreams implements ChannelSubscriber {

    static final String CHANNEL = "animus_changes";
    private static final int PAGE = ChangeCursors.MAX_LIMIT;
    private static final Logger LOG = Logger.getLogger(ChangeStreams.class);

    @Inject
    ChangeFeed feed;

    @Inject
    ChangeFeedConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    ManagedExecutor executor;

    private final Set<Follower> followers = ConcurrentHashMap.newKeySet();
    private final Heartbeat heartbeat = new Heartbeat(() -> config.stream().heartbeat());
    private volatile boolean listening;

    /** One open stream: whose it is, how far it has read, and whether a read is running or asked for. */
    private static final class Follower {
        final Viewer viewer;
        final MultiEmitter<? super FeedEvent> emitter;
        volatile long cursor;
        final AtomicBoolean reading = new AtomicBoolean();
        final AtomicBoolean wanted = new AtomicBoolean();

        Follower(Viewer viewer, long cursor, MultiEmitter<? super FeedEvent> emitter) {
            this.viewer = viewer;
            this.cursor = cursor;
            this.emitter = emitter;
        }
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void connected(boolean again) {
        listening = true;
        if (again) {
            followers.forEach(this::wake);
        }
    }

    @Override
    public void notified(List<String> payloads) {
        long announced = 0;
        for (String payload : payloads) {
            try {
                announced = Math.max(announced, Long.parseLong(payload));
            } catch (NumberFormatException e) {
                LOG.warnf("Ignored a malformed change announcement '%s'", payload);
            }
        }
        for (Follower follower : followers) {
            if (follower.cursor < announced) {
                wake(follower);
            }
        }
    }

    @Override
    public void disconnected() {
        listening = false;
    }

    /** Sends {@code ping} to every stream once per heartbeat. */
    @Override
    public void tick() {
        heartbeat.tick(() -> {
            FeedEvent ping = new FeedEvent(FeedEvent.PING, null, "{}");
            followers.forEach(follower -> follower.emitter.emit(ping));
        });
    }

    void stop(@Observes ShutdownEvent event) {
        followers.forEach(follower -> follower.emitter.complete());
    }

    /**
     * The changes after {@code since} that {@code viewer} may see: {@code open} first, then each
     * {@code change} with its cursor as event id, as they commit. A stream whose cursor falls behind
     * the retention, or whose client reads too slowly, ends; the client resumes with its last event id.
     */
    public Multi<FeedEvent> follow(Viewer viewer, long since) {
        return Multi.createFrom().<FeedEvent> emitter(emitter -> {
            Follower follower = new Follower(viewer, since, emitter);
            followers.add(follower);
            emitter.onTermination(() -> followers.remove(follower));
            emitter.emit(new FeedEvent(FeedEvent.OPEN, null, toJson(Map.of("cursor", String.valueOf(since), "live", listening))));
            wake(follower);
        }, config.stream().buffer());
    }

    /** Whether this replica hears the announcements of the database now. */
    public boolean active() {
        return listening;
    }

    private void wake(Follower follower) {
        follower.wanted.set(true);
        if (follower.reading.compareAndSet(false, true)) {
            executor.execute(() -> catchUp(follower));
        }
    }

    /** Reads and sends until the stream is at the newest change it may see; a wake-up during the read makes it read again. */
    private void catchUp(Follower follower) {
        try {
            while (follower.wanted.getAndSet(false) && !follower.emitter.isCancelled()) {
                ChangeList page;
                do {
                    page = feed.read(follower.viewer, follower.cursor, PAGE);
                    for (Change change : page.changes()) {
                        follower.emitter.emit(new FeedEvent(FeedEvent.CHANGE, change.cursor(), toJson(change)));
                    }
                    follower.cursor = Long.parseLong(page.cursor());
                } while (page.more() && !follower.emitter.isCancelled());
            }
        } catch (RuntimeException e) {
            LOG.debugf("A change stream ends: %s", e.getMessage());
            follower.emitter.fail(e);
            return;
        } finally {
            follower.reading.set(false);
        }
        if (follower.wanted.get() && follower.reading.compareAndSet(false, true)) {
            executor.execute(() -> catchUp(follower));
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change event cannot be written as JSON", e);
        }
    }
}
