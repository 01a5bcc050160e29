package io.animus.registry.tool;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.web.RegistryApi;

import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.Replacements;

/**
 * {@code /api/v1/tool-instances}: tool instances addressed on their own and listed across tools.
 * They are created under their tool ({@link ToolInstancesOfToolResource}).
 */
@Tag(name = "Tool instances", description = "Configured instances of tools, for all agents or one")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/tool-instances")
@Produces(MediaType.APPLICATION_JSON)
public class ToolInstanceResource {

    @Inject
    ToolInstanceService instances;

    @Inject
    Replacements replacements;

    @Operation(operationId = "listToolInstances", summary = "List the tool instances")
    @GET
        @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ToolInstanceResponse> list(@BeanParam @Valid PageRequest page, @QueryParam("tool_id") Integer toolId,
            @QueryParam("agent_id") Integer agentId) {
        return instances.list(toolId, agentId, page);
    }

    @Operation(operationId = "getToolInstance", summary = "Get one tool instance")
    @APIResponse(responseCode = "200", description = "The tool instance, with its ETag", content = @Content(schema = @Schema(implementation = ToolInstanceResponse.class)))
    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response get(@PathParam("id") int id) {
        ToolInstance instance = instances.find(id).orElseThrow(() -> ProblemException.notFound("No tool instance " + id));
        return ETags.ok(ToolInstanceResponse.from(instance), instance.updatedAt);
    }

    @Operation(operationId = "replaceToolInstance", summary = "Replace a tool instance's fields")
    @APIResponse(responseCode = "200", description = "The tool instance as stored, with its new ETag", content = @Content(schema = @Schema(implementation = ToolInstanceResponse.class)))
    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response update(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = ToolInstanceRequest.class))) JsonNode body) {
        return replacements.replace(replaceable(id), body, ifMatch);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchToolInstance", summary = "Change the fields of a tool instance that a JSON merge patch names")
    @APIResponseSchema(value = ToolInstanceResponse.class, responseCode = "200", responseDescription = "The tool instance as changed")
    public Response patch(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull JsonNode patch) {
        return replacements.patch(replaceable(id), patch, ifMatch);
    }

    private Replacements.Target<ToolInstanceRequest, ToolInstance> replaceable(int id) {
        return new Replacements.Target<>(ToolInstanceRequest.class,
                () -> instances.find(id).orElseThrow(() -> ProblemException.notFound("No tool instance " + id)),
                (request, version) -> instances.update(id, request, version), ToolInstanceResponse::from,
                instance -> instance.updatedAt);
    }

    @Operation(operationId = "deleteToolInstance", summary = "Delete a tool instance")
    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public void delete(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        instances.delete(id, ifMatch);
    }
}
