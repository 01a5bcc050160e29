package io.animus.registry.chat;

import java.net.URI;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.web.RegistryApi;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;

/** {@code /api/v1/chat/sessions/{id}/messages}: what users say in a session, waiting for Broca until processed. */
@Tag(name = "Chat", description = "Web chat: sessions of users with agents, their messages and the agents' replies")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/chat/sessions/{id}/messages")
@Produces(MediaType.APPLICATION_JSON)
public class ChatMessageResource {

    @Inject
    ChatService chat;

    /** Posts a message; it is stored unprocessed, for Broca to claim. */
    @Operation(operationId = "postChatMessage", summary = "Post a message to a chat session")
    @APIResponse(responseCode = "201", description = "The stored message, with its Location", content = @Content(schema = @Schema(implementation = ChatMessage.class)))
    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.USER })
    public Response post(@PathParam("id") String sessionId, @Valid @NotNull PostMessageRequest request) {
        ChatMessage message = chat.post(sessionId, request);
        return Response.created(URI.create("/api/v1/chat/sessions/" + sessionId + "/messages/" + message.id()))
                .entity(message).build();
    }

    /** The messages in the order they were posted; {@code after_id} continues after a message already shown. */
    @Operation(operationId = "listChatMessages", summary = "List the messages of a chat session")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ChatMessage> list(@PathParam("id") String sessionId, @QueryParam("after_id") Integer afterId,
            @BeanParam @Valid PageRequest page) {
        return chat.messages(sessionId, afterId, page);
    }

    @Operation(operationId = "getChatMessage", summary = "Get one message of a chat session")
    @GET
    @Path("/{message_id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public ChatMessage get(@PathParam("id") String sessionId, @PathParam("message_id") int messageId) {
        return chat.message(sessionId, messageId);
    }
}
