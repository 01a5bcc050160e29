package io.animus.registry.chat;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.web.RegistryApi;
import io.animus.registry.identity.Roles;

/**
 * {@code /api/v1/chat/session-by-uid/{uid}}: a chat session found by the short uid people see, on a
 * path of its own, so that no uid can be taken for a session id under {@code /api/v1/chat/sessions/}.
 */
@Tag(name = "Chat", description = "Web chat: sessions of users with agents, their messages and the agents' replies")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/chat/session-by-uid")
@Produces(MediaType.APPLICATION_JSON)
public class ChatSessionUidResource {

    @Inject
    ChatService chat;

    @Operation(operationId = "getChatSessionByUid", summary = "Get one chat session by its short uid")
    @GET
    @Path("/{uid}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public ChatSession getByUid(@PathParam("uid") String uid) {
        return chat.getByUid(uid);
    }
}
