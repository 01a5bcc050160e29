package io.animus.registry.tool;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;

/**
 * Tool instances: created and listed under their tool ({@code /api/v1/tools/{id}/instances}),
 * addressed on their own ({@code /api/v1/tool-instances/{id}}), and listed across tools.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ToolInstanceResource {

    @Inject
    ToolInstanceService instances;

    @GET
    @Path("/tools/{toolId}/instances")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ToolInstanceResponse> listOfTool(@PathParam("toolId") int toolId, @BeanParam @Valid PageRequest page,
            @QueryParam("agent_id") Integer agentId) {
        Tool.<Tool> findByIdOptional(toolId).orElseThrow(() -> ProblemException.notFound("No tool " + toolId));
        return instances.list(toolId, agentId, page);
    }

    @POST
    @Path("/tools/{toolId}/instances")
    @RolesAllowed(Roles.ADMIN)
    public Response create(@PathParam("toolId") int toolId, @Valid @NotNull ToolInstanceRequest request) {
        ToolInstance instance = instances.create(toolId, request);
        return Response.created(URI.create("/api/v1/tool-instances/" + instance.id)).tag(ETags.of(instance.updatedAt))
                .entity(ToolInstanceResponse.from(instance)).build();
    }

    @GET
    @Path("/tool-instances")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ToolInstanceResponse> list(@BeanParam @Valid PageRequest page, @QueryParam("tool_id") Integer toolId,
            @QueryParam("agent_id") Integer agentId) {
        return instances.list(toolId, agentId, page);
    }

    @GET
    @Path("/tool-instances/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response get(@PathParam("id") int id) {
        ToolInstance instance = instances.find(id).orElseThrow(() -> ProblemException.notFound("No tool instance " + id));
        return ETags.ok(ToolInstanceResponse.from(instance), instance.updatedAt);
    }

    @PUT
    @Path("/tool-instances/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response update(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull ToolInstanceRequest request) {
        ToolInstance instance = instances.update(id, request, ifMatch);
        return ETags.ok(ToolInstanceResponse.from(instance), instance.updatedAt);
    }

    @DELETE
    @Path("/tool-instances/{id}")
    @RolesAllowed(Roles.ADMIN)
    public void delete(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        instances.delete(id, ifMatch);
    }
}
