package io.animus.registry.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.notify.ChannelSubscriber;
import io.animus.registry.notify.Heartbeat;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * The live side of chat: streams of a session's new messages, replies and acknowledgements for the
 * chat interface, and of new pending messages for Broca, without polling.
 * <p>
 * Every replica learns of every change the same way, its own included: a statement trigger announces
 * the new messages, acknowledgements and replies of each statement on the PostgreSQL channel
 * {@code animus_chat} when its transaction commits, one {@code kind:id:session_id} line per row in
 * one notification (a batch acknowledgement is one notification), and the replica's {@link io.animus.registry.notify.ChannelListener} hands the announcements to the streams
 * open on that replica. So an event is only ever sent after commit, exactly once per stream, in
 * commit order, whichever replica took the write. The announcement carries ids only (NOTIFY payloads
 * are small); the listener reads the rows for the sessions that someone follows, in one query per
 * batch. Broca's stream carries the ids alone: it is a wake-up call, and Broca takes the messages
 * with a claim.
 * <p>
 * A stream registers itself before it sends its first event ({@code open}), so a client that has
 * seen {@code open} gets every change committed afterwards while the listener is connected. When
 * the listener loses its connection, changes in between are not announced: on reconnection every
 * stream gets {@code resync}, and the client reads the transcript (or claims) again.
 */
@ApplicationScoped
public class ChatEvents implements ChannelSubscriber {

    static final String CHANNEL = "animus_chat";
    private static final Logger LOG = Logger.getLogger(ChatEvents.class);

    @Inject
    ChatConfig config;

    @Inject
    ChatService chat;

    @Inject
    ObjectMapper json;

    private final ConcurrentHashMap<String, Set<MultiEmitter<? super ChatEvent>>> sessions = new ConcurrentHashMap<>();
    private final Set<MultiEmitter<? super ChatEvent>> pending = ConcurrentHashMap.newKeySet();
    private final Heartbeat heartbeat = new Heartbeat(() -> config.events().heartbeat());
    private volatile boolean listening;

    /** One announcement: what happened ({@code message}, {@code processed}, {@code response}), to which row, in which session. */
    @RegisterForReflection
    record Announcement(String kind, int id, String sessionId) {

        static Announcement parse(String payload) {
            String[] parts = payload.split(":", 3);
            return new Announcement(parts[0], Integer.parseInt(parts[1]), parts[2]);
        }
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public boolean enabled() {
        return config.events().enabled();
    }

    /** After a reconnection every stream gets {@code resync}: changes in between were not announced. */
    @Override
    public void connected(boolean again) {
        listening = true;
        if (again) {
            broadcast(new ChatEvent(ChatEvent.RESYNC, null, "{}"));
        }
    }

    @Override
    public void notified(List<String> payloads) {
        dispatch(payloads);
    }

    @Override
    public void disconnected() {
        listening = false;
    }

    /** Sends {@code ping} to every stream once per {@code animus.chat.events.heartbeat}, connected or not. */
    @Override
    public void tick() {
        heartbeat.tick(() -> broadcast(new ChatEvent(ChatEvent.PING, null, "{}")));
    }

    void stop(@Observes ShutdownEvent event) {
        sessions.values().forEach(emitters -> emitters.forEach(MultiEmitter::complete));
        pending.forEach(MultiEmitter::complete);
    }

    /**
     * The events of one session: {@code open} first, then {@code message}, {@code processed} and
     * {@code response} as they commit. A client that reads too slowly to keep up with
     * {@code animus.chat.events.buffer} events has its stream ended, and reconnects.
     */
    public Multi<ChatEvent> session(String sessionId) {
        return Multi.createFrom().<ChatEvent> emitter(emitter -> {
            sessions.compute(sessionId, (id, emitters) -> {
                Set<MultiEmitter<? super ChatEvent>> set = emitters == null ? ConcurrentHashMap.newKeySet() : emitters;
                set.add(emitter);
                return set;
            });
            emitter.onTermination(() -> sessions.computeIfPresent(sessionId, (id, emitters) -> {
                emitters.remove(emitter);
                return emitters.isEmpty() ? null : emitters;
            }));
            emitter.emit(new ChatEvent(ChatEvent.OPEN, null, toJson(Map.of("session_id", sessionId, "live", listening))));
        }, config.events().buffer());
    }

    /**
     * Broca's wake-up calls: {@code open} first, then {@code pending} with the id and session of each
     * new message. A slow reader gets the latest call rather than all of them: they only say "claim".
     */
    public Multi<ChatEvent> pending() {
        return Multi.createFrom().<ChatEvent> emitter(emitter -> {
            pending.add(emitter);
            emitter.onTermination(() -> pending.remove(emitter));
            emitter.emit(new ChatEvent(ChatEvent.OPEN, null, toJson(Map.of("live", listening))));
        }, BackPressureStrategy.LATEST);
    }

    /** Whether this replica hears the changes of the database now (the listener is connected). */
    public boolean active() {
        return listening;
    }

    private void dispatch(List<String> payloads) {
        List<Announcement> announcements = new ArrayList<>(payloads.size());
        for (String payload : payloads) {
            // one announcement per statement: a line per row it wrote
            for (String line : payload.split("\n")) {
                try {
                    announcements.add(Announcement.parse(line));
                } catch (RuntimeException e) {
                    LOG.warnf("Ignored a malformed chat announcement '%s'", line);
                }
            }
        }
        if (!pending.isEmpty()) {
            for (Announcement announcement : announcements) {
                if (announcement.kind().equals(ChatEvent.MESSAGE)) {
                    ChatEvent call = new ChatEvent(ChatEvent.PENDING, "pending-" + announcement.id(),
                            toJson(Map.of("id", announcement.id(), "session_id", announcement.sessionId())));
                    pending.forEach(emitter -> emitter.emit(call));
                }
            }
        }
        List<Announcement> followed = announcements.stream().filter(a -> sessions.containsKey(a.sessionId())).toList();
        if (!followed.isEmpty()) {
            try {
                sendToSessions(followed);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not read the announced chat changes; their sessions' streams get resync");
                ChatEvent resync = new ChatEvent(ChatEvent.RESYNC, null, "{}");
                followed.forEach(a -> emitTo(a.sessionId(), resync));
            }
        }
    }

    private void sendToSessions(List<Announcement> followed) {
        List<Integer> messageIds = followed.stream().filter(a -> !a.kind().equals(ChatEvent.RESPONSE)).map(Announcement::id).distinct().toList();
        List<Integer> replyIds = followed.stream().filter(a -> a.kind().equals(ChatEvent.RESPONSE)).map(Announcement::id).distinct().toList();
        Map<Integer, ChatMessage> messages = messageIds.isEmpty() ? Map.of()
                : chat.messagesById(messageIds).stream().collect(Collectors.toMap(ChatMessage::id, Function.identity()));
        Map<Integer, ChatReply> replies = replyIds.isEmpty() ? Map.of()
                : chat.repliesById(replyIds).stream().collect(Collectors.toMap(ChatReply::id, Function.identity()));
        for (Announcement announcement : followed) {
            Object row = announcement.kind().equals(ChatEvent.RESPONSE) ? replies.get(announcement.id()) : messages.get(announcement.id());
            if (row != null) {
                emitTo(announcement.sessionId(), new ChatEvent(announcement.kind(), announcement.kind() + "-" + announcement.id(), toJson(row)));
            }
        }
    }

    private void emitTo(String sessionId, ChatEvent event) {
        Set<MultiEmitter<? super ChatEvent>> emitters = sessions.get(sessionId);
        if (emitters != null) {
            emitters.forEach(emitter -> emitter.emit(event));
        }
    }

    private void broadcast(ChatEvent event) {
        sessions.values().forEach(emitters -> emitters.forEach(emitter -> emitter.emit(event)));
        pending.forEach(emitter -> emitter.emit(event));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chat event cannot be written as JSON", e);
        }
    }
}
