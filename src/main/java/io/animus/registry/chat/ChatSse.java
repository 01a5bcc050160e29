package io.animus.registry.chat;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** Writes chat events as Server-Sent Events: the event's name and id, and its JSON as the data line. */
public final class ChatSse {

    private ChatSse() {
    }

    public static OutboundSseEvent toSse(Sse sse, ChatEvent event) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder().name(event.name())
                .mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, event.data());
        if (event.id() != null) {
            builder.id(event.id());
        }
        return builder.build();
    }
}
