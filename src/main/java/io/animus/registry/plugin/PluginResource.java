package io.animus.registry.plugin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

import io.animus.registry.identity.Roles;
import io.animus.registry.tool.Tool;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.Replacements;
import io.quarkus.panache.common.Sort;

/** {@code /api/v1/tools/{toolId}/plugins}: the plugins of one tool. */
@Tag(name = "Plugins", description = "Plugins of a tool and their dependencies")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/tools/{toolId}/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {

    @Inject
    PluginService plugins;

    @Inject
    Replacements replacements;

    @Operation(operationId = "listPlugins", summary = "List the plugins of a tool")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<PluginResponse> list(@PathParam("toolId") int toolId, @BeanParam @Valid PageRequest page) {
        Tool tool = tool(toolId);
        return Page.of(Plugin.<Plugin> find("tool", Sort.by("id"), tool), page, PluginResponse::from);
    }

    @Operation(operationId = "getPlugin", summary = "Get one plugin of a tool")
    @APIResponse(responseCode = "200", description = "The plugin, with its ETag", content = @Content(schema = @Schema(implementation = PluginResponse.class)))
    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response get(@PathParam("toolId") int toolId, @PathParam("id") int id) {
        Plugin plugin = PluginService.find(tool(toolId), id);
        return ETags.ok(PluginResponse.from(plugin), plugin.updatedAt);
    }

    @Operation(operationId = "createPlugin", summary = "Create a plugin of a tool")
    @APIResponse(responseCode = "201", description = "The new plugin, with its Location and ETag", content = @Content(schema = @Schema(implementation = PluginResponse.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@PathParam("toolId") int toolId, @Valid @NotNull PluginRequest request) {
        Plugin plugin = plugins.create(toolId, request);
        return ETags.created("/api/v1/tools/" + toolId + "/plugins/" + plugin.id, PluginResponse.from(plugin), plugin.updatedAt);
    }

    @Operation(operationId = "replacePlugin", summary = "Replace a plugin's fields")
    @APIResponse(responseCode = "200", description = "The plugin as stored, with its new ETag", content = @Content(schema = @Schema(implementation = PluginResponse.class)))
    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response update(@PathParam("toolId") int toolId, @PathParam("id") int id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = PluginRequest.class))) JsonNode body) {
        return replacements.replace(replaceable(toolId, id), body, ifMatch);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchPlugin", summary = "Change the fields of a plugin that a JSON merge patch names")
    @APIResponseSchema(value = PluginResponse.class, responseCode = "200", responseDescription = "The plugin as changed")
    public Response patch(@PathParam("toolId") int toolId, @PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull JsonNode patch) {
        return replacements.patch(replaceable(toolId, id), patch, ifMatch);
    }

    private Replacements.Target<PluginRequest, Plugin> replaceable(int toolId, int id) {
        return new Replacements.Target<>(PluginRequest.class, () -> PluginService.find(tool(toolId), id),
                (request, version) -> plugins.update(toolId, id, request, version), PluginResponse::from,
                plugin -> plugin.updatedAt);
    }

    @Operation(operationId = "deletePlugin", summary = "Delete a plugin")
    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public void delete(@PathParam("toolId") int toolId, @PathParam("id") int id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @QueryParam("cascade") @DefaultValue("false") Boolean cascade) {
        plugins.delete(toolId, id, cascade, ifMatch);
    }

    /** The tool of the path; 404 when there is none. */
    static Tool tool(int toolId) {
        return Tool.<Tool> findByIdOptional(toolId).orElseThrow(() -> ProblemException.notFound("No tool " + toolId));
    }
}
