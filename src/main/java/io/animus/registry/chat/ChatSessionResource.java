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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.animus.registry.web.RegistryApi;
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
@Tag(name = "Chat", description = "Web chat: sessions of users with agents, their messages and the agents' replies")
@SecurityRequirement(name = RegistryApi.BEARER)
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
    @Operation(operationId = "openChatSession", summary = "Open a chat session with an agent")
    @APIResponse(responseCode = "201", description = "The new session, with its Location", content = @Content(schema = @Schema(implementation = ChatSession.class)))
    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.USER })
    public Response open(@Valid @NotNull OpenSessionRequest request, @Context HttpServerRequest http) {
        String address = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        ChatSession session = ChatSession.from(chat.open(request, address));
        return Response.created(URI.create("/api/v1/chat/sessions/" + session.id())).entity(session).build();
    }

    @Operation(operationId = "listChatSessions", summary = "List the chat sessions the caller may read")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ChatSession> list(@BeanParam @Valid PageRequest page, @QueryParam("user_id") Integer userId,
            @QueryParam("agent_id") Integer agentId) {
        return chat.list(new ChatService.Filter(userId, agentId), page);
    }

    @Operation(operationId = "getChatSession", summary = "Get one chat session")
    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public ChatSession get(@PathParam("id") String id) {
        return chat.get(id);
    }

    /** Both sides of the conversation, messages and replies, in the order they were stored. */
    @Operation(operationId = "getChatTranscript", summary = "Get both sides of a chat session in order")
    @GET
    @Path("/{id}/transcript")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<TranscriptEntry> transcript(@PathParam("id") String id, @BeanParam @Valid PageRequest page) {
        return chat.transcript(id, page);
    }

    /** The agent's replies, oldest first; {@code after_id} continues after a reply already shown. */
    @Operation(operationId = "listChatReplies", summary = "List the agent's replies in a chat session")
    @GET
    @Path("/{id}/responses")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ChatReply> replies(@PathParam("id") String id, @QueryParam("after_id") Integer afterId,
            @BeanParam @Valid PageRequest page) {
        return chat.replies(id, afterId, page);
    }

    @Operation(operationId = "getChatReply", summary = "Get one reply of a chat session")
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
    @Operation(operationId = "streamChatSessionEvents", summary = "Follow a chat session live (Server-Sent Events)")
    @APIResponse(responseCode = "200", description = "The session as Server-Sent Events: open, message, processed, response (with the JSON of the lists), ping, resync",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
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
