package io.animus.registry.tool;

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
import io.animus.registry.web.ETags;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;

/** {@code /api/v1/tools/{toolId}/instances}: the instances of one tool, and where new ones are created. */
@Tag(name = "Tool instances", description = "Configured instances of tools, for all agents or one")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/tools/{toolId}/instances")
@Produces(MediaType.APPLICATION_JSON)
public class ToolInstancesOfToolResource {

    @Inject
    ToolInstanceService instances;

    @Operation(operationId = "listInstancesOfTool", summary = "List the instances of one tool")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ToolInstanceResponse> listOfTool(@PathParam("toolId") int toolId, @BeanParam @Valid PageRequest page,
            @QueryParam("agent_id") Integer agentId) {
        Tool.<Tool> findByIdOptional(toolId).orElseThrow(() -> ProblemException.notFound("No tool " + toolId));
        return instances.list(toolId, agentId, page);
    }

    @Operation(operationId = "createToolInstance", summary = "Create an instance of a tool")
    @APIResponse(responseCode = "201", description = "The new tool instance, with its Location and ETag", content = @Content(schema = @Schema(implementation = ToolInstanceResponse.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@PathParam("toolId") int toolId, @Valid @NotNull ToolInstanceRequest request) {
        ToolInstance instance = instances.create(toolId, request);
        return ETags.created("/api/v1/tool-instances/" + instance.id, ToolInstanceResponse.from(instance), instance.updatedAt);
    }

}
