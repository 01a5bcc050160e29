package io.animus.registry.chat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.animus.registry.identity.Roles;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code /api/v1/chat/sessions}: the web chat sessions of users with agents, with both sides of the
 * conversation and a live stream of it. Admins and users open sessions; viewers read their own.
 */
@Path("/api/v1/chat/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class ChatSessionResource {

    @Inject
    ChatService chat;

    @Inject
    ChatAccess access;

    @Inject
    ChatEvents events;

    @Inject
    ChatConfig config;

    @Inject
    JsonWebToken token;

    /** Opens a session with an agent visible to the caller; the request's remote address is kept with it. */
    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.USER })
    public Response open(@Valid @NotNull OpenSessionRequest request, @Context HttpServerRequest http) {
        String address = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        ChatSession session = ChatSession.from(chat.open(request, address));
        return Response.created(URI.create("/api/v1/chat/sessions/" + session.id())).entity(session).build();
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ChatSession> list(@BeanParam @Valid PageRequest page, @QueryParam("user_id") Integer userId,
            @QueryParam("agent_id") Integer agentId) {
        return chat.list(new ChatService.Filter(userId, agentId), page);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public ChatSession get(@PathParam("id") String id) {
        return chat.get(id);
    }

    @GET
    @Path("/by-uid/{uid}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public ChatSession getByUid(@PathParam("uid") String uid) {
        return chat.getByUid(uid);
    }

    /** Both sides of the conversation, messages and replies, in the order they were stored. */
    @GET
    @Path("/{id}/transcript")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<TranscriptEntry> transcript(@PathParam("id") String id, @BeanParam @Valid PageRequest page) {
        return chat.transcript(id, page);
    }

    /** The agent's replies, oldest first; {@code after_id} continues after a reply already shown. */
    @GET
    @Path("/{id}/responses")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ChatReply> replies(@PathParam("id") String id, @QueryParam("after_id") Integer afterId,
            @BeanParam @Valid PageRequest page) {
        return chat.replies(id, afterId, page);
    }

    @GET
    @Path("/{id}/responses/{response_id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public ChatReply reply(@PathParam("id") String id, @PathParam("response_id") int responseId) {
        return chat.reply(id, responseId);
    }

    /**
     * The session live, as Server-Sent Events: {@code open}, then each new {@code message},
     * {@code processed} (Broca took a message) and {@code response} (the agent replied), with the same
     * JSON as the lists; {@code ping} now and then; {@code resync} when changes may have been missed.
     * The stream ends when the caller's access token expires (or after {@code events.max-lifetime}):
     * the client reconnects with a fresh token, and the access rule is applied again.
     */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    @Blocking
    public Multi<OutboundSseEvent> follow(@PathParam("id") String id, @Context Sse sse) {
        access.readable(id);
        return events.session(id).map(event -> ChatSse.toSse(sse, event))
                .select().first(lifetime())
                .onFailure().recoverWithCompletion();
    }

    private Duration lifetime() {
        Duration lifetime = config.events().maxLifetime();
        if (token.getExpirationTime() > 0) {
            Duration untilExpiry = Duration.between(Instant.now(), Instant.ofEpochSecond(token.getExpirationTime()));
            lifetime = untilExpiry.compareTo(lifetime) < 0 ? untilExpiry : lifetime;
        }
        return lifetime.isNegative() ? Duration.ZERO : lifetime;
    }
}
