package io.animus.registry.identity;

import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.animus.registry.tool.Tool;

/** A test-only endpoint (left out of the OpenAPI document) that shows what {@link CurrentUser} reads, and uses it as a feature would for created_by. */
@Path("/test/identity/current-user")
@Produces(MediaType.APPLICATION_JSON)
public class CurrentUserProbe {

    @Inject
    CurrentUser currentUser;

    @Operation(hidden = true)
    @GET
    @PermitAll
    public Map<String, Object> show() {
        Map<String, Object> shown = new HashMap<>();
        shown.put("authenticated", currentUser.isAuthenticated());
        if (currentUser.isAuthenticated()) {
            shown.put("id", currentUser.id());
            shown.put("username", currentUser.username());
            shown.put("role", currentUser.role().label());
            shown.put("admin", currentUser.isAdmin());
            shown.put("session_id", currentUser.sessionId());
        }
        return shown;
    }

    /** Creates a tool whose created_by is the caller, as the tool feature will. */
    @Operation(hidden = true)
    @POST
    @Path("tool")
    @PermitAll
    @Transactional
    public Map<String, Object> createTool() {
        Tool tool = new Tool();
        tool.name = "probe-" + java.util.UUID.randomUUID();
        tool.createdBy = currentUser.reference();
        tool.persist();
        return Map.of("id", tool.id);
    }
}
