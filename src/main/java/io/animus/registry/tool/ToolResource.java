package io.animus.registry.tool;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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

import io.animus.registry.Status;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.Replacements;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** {@code /api/v1/tools}: the tools and modules Animus runs. */
@Tag(name = "Tools", description = "Tools (MCP servers, modules) and their configuration schemas")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/tools")
@Produces(MediaType.APPLICATION_JSON)
public class ToolResource {

    @Inject
    ToolService tools;

    @Inject
    Replacements replacements;

    @Operation(operationId = "listTools", summary = "List the tools")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ToolResponse> list(@BeanParam @Valid PageRequest page,
            @QueryParam("category") @Size(max = 100) String category, @QueryParam("module_scope") ModuleScope moduleScope,
            @QueryParam("status") Status status, @QueryParam("is_enabled") Boolean isEnabled) {
        Parameters parameters = new Parameters();
        StringBuilder query = new StringBuilder("1 = 1");
        if (category != null) {
            query.append(" and category = :category");
            parameters.and("category", category);
        }
        if (moduleScope != null) {
            query.append(" and moduleScope = :moduleScope");
            parameters.and("moduleScope", moduleScope);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        if (isEnabled != null) {
            query.append(" and enabled = :enabled");
            parameters.and("enabled", isEnabled);
        }
        return Page.of(Tool.<Tool> find(query.toString(), Sort.by("id"), parameters), page, ToolResponse::from);
    }

    @Operation(operationId = "getTool", summary = "Get one tool")
    @APIResponse(responseCode = "200", description = "The tool, with its ETag", content = @Content(schema = @Schema(implementation = ToolResponse.class)))
    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response get(@PathParam("id") int id) {
        Tool tool = Tool.<Tool> findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("No tool " + id));
        return ETags.ok(ToolResponse.from(tool), tool.updatedAt);
    }

    @Operation(operationId = "createTool", summary = "Create a tool")
    @APIResponse(responseCode = "201", description = "The new tool, with its Location and ETag", content = @Content(schema = @Schema(implementation = ToolResponse.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@Valid @NotNull ToolRequest request) {
        Tool tool = tools.create(request);
        return ETags.created("/api/v1/tools/" + tool.id, ToolResponse.from(tool), tool.updatedAt);
    }

    @Operation(operationId = "replaceTool", summary = "Replace a tool's fields")
    @APIResponse(responseCode = "200", description = "The tool as stored, with its new ETag", content = @Content(schema = @Schema(implementation = ToolResponse.class)))
    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response update(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = ToolRequest.class))) JsonNode body) {
        return replacements.replace(replaceable(id), body, ifMatch);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchTool", summary = "Change the fields of a tool that a JSON merge patch names")
    @APIResponseSchema(value = ToolResponse.class, responseCode = "200", responseDescription = "The tool as changed")
    public Response patch(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull JsonNode patch) {
        return replacements.patch(replaceable(id), patch, ifMatch);
    }

    private Replacements.Target<ToolRequest, Tool> replaceable(int id) {
        return new Replacements.Target<>(ToolRequest.class,
                () -> Tool.<Tool> findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("No tool " + id)),
                (request, version) -> tools.update(id, request, version), ToolResponse::from, tool -> tool.updatedAt);
    }

    @Operation(operationId = "deleteTool", summary = "Delete a tool")
    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public void delete(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @QueryParam("cascade") @DefaultValue("false") Boolean cascade) {
        tools.delete(id, cascade, ifMatch);
    }
}
