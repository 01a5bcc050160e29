package io.animus.registry.chat.broca;

import io.animus.registry.chat.ChatConfig;
import io.animus.registry.chat.ChatEvents;
import io.animus.registry.chat.ChatMessage;
import io.animus.registry.chat.ChatReply;
import io.animus.registry.chat.ChatService;
import io.animus.registry.chat.ChatSse;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.web.RegistryApi;
import io.animus.registry.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;

/**
 * {@code /api/v1/chat/broca}: Broca's side of web chat, for callers with a service key of role
 * {@code broca} only. Broca claims pending messages, acknowledges each once it holds it, brings the
 * agent's replies back, and follows new messages as Server-Sent Events. See docs/chat.md.
 */
@Tag(name = "Broca", description = "Broca's side of web chat: claiming messages, acknowledging them, storing replies")
@SecurityRequirementsSet(@SecurityRequirement(name = RegistryApi.API_KEY))
@SecurityRequirementsSet(@SecurityRequirement(name = RegistryApi.API_KEY_AUTHORIZATION))
@Path("/api/v1/chat/broca")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.BROCA)
public class BrocaResource {

    @Inject
    BrocaDelivery delivery;

    @Inject
    ChatService chat;

    @Inject
    ChatEvents events;

    @Inject
    SecurityIdentity identity;

    @Inject
    ChatConfig config;

    /** Takes the oldest pending messages under a lease; an empty body takes the defaults. */
    @Operation(operationId = "claimChatMessages", summary = "Claim pending chat messages under a lease")
    @POST
    @Path("/claim")
    @RolesAllowed(Roles.BROCA)
    public Claim claim(@Valid ClaimRequest request) {
        return delivery.claim(request, identity.getPrincipal().getName());
    }

    /** Marks a message processed; repeating the same acknowledgement changes nothing. */
    @Operation(operationId = "acknowledgeChatMessage", summary = "Acknowledge one processed message")
    @POST
    @Path("/messages/{id}/ack")
    @RolesAllowed(Roles.BROCA)
    public ChatMessage acknowledge(@PathParam("id") int id, @Valid @NotNull AcknowledgeRequest request) {
        return ChatMessage.from(delivery.acknowledge(id, request));
    }

    /**
     * Marks a batch of messages of one claim processed, in one transaction: all of them, or none with a
     * 404 or 409 naming each message that stood in the way. Repeating the same batch answers the same.
     */
    @Operation(operationId = "acknowledgeChatMessages", summary = "Acknowledge a batch of processed messages of one claim")
    @POST
    @Path("/ack")
    @RolesAllowed(Roles.BROCA)
    public AcknowledgedBatch acknowledgeBatch(@Valid @NotNull BatchAcknowledgeRequest request) {
        return delivery.acknowledge(request);
    }

    /** Stores an agent's reply in a session. */
    @Operation(operationId = "replyInChatSession", summary = "Store an agent's reply in a chat session")
    @APIResponse(responseCode = "201", description = "The stored reply, with its Location", content = @Content(schema = @Schema(implementation = ChatReply.class)))
    @POST
    @Path("/sessions/{id}/responses")
    @RolesAllowed(Roles.BROCA)
    public Response reply(@PathParam("id") String sessionId, @Valid @NotNull ChatReplyRequest request) {
        ChatReply reply = ChatReply.from(chat.storeReply(sessionId, request));
        return Response.created(URI.create("/api/v1/chat/sessions/" + sessionId + "/responses/" + reply.id()))
                .entity(reply).build();
    }

    /** Stores an agent's reply to a message; the body's {@code message_id}, when given, must name the same message. */
    @Operation(operationId = "replyToChatMessage", summary = "Store an agent's reply to a message")
    @APIResponse(responseCode = "201", description = "The stored reply, with its Location", content = @Content(schema = @Schema(implementation = ChatReply.class)))
    @POST
    @Path("/messages/{id}/responses")
    @RolesAllowed(Roles.BROCA)
    public Response replyTo(@PathParam("id") int messageId, @Valid @NotNull ChatReplyRequest request) {
        if (request.messageId() != null && request.messageId() != messageId) {
            throw io.animus.registry.web.ProblemException.invalid("message_id", "differs from the message in the path");
        }
        ChatReplyRequest answering = new ChatReplyRequest(request.response(), messageId, request.brocaMessageId(), request.agentId());
        return reply(chat.sessionOfMessage(messageId), answering);
    }

    /**
     * New pending messages as Server-Sent Events: {@code open}, then {@code pending} per message; claim
     * to take them. The stream ends after {@code events.max-lifetime}, so that a revoked key loses it.
     */
    @Operation(operationId = "streamPendingChatMessages", summary = "Follow new pending messages (Server-Sent Events)")
    @APIResponse(responseCode = "200", description = "Server-Sent Events: open, then pending per new message",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed(Roles.BROCA)
    public Multi<OutboundSseEvent> follow(@Context Sse sse) {
        return events.pending().map(event -> ChatSse.toSse(sse, event)).select().first(config.events().maxLifetime());
    }
}
