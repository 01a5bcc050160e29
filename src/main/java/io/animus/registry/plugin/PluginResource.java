package io.animus.registry.plugin;

import java.util.concurrent.atomic.AtomicReference;

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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @APIResponse(responseCode = "200", description = "The plugin as stored, with its new ETag", content = @Content(schema = @Schema(implementation = PluginResponse.class)),
            headers = @Header(name = VERSION_ID, description = VERSION_ID_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER)))
    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response update(@PathParam("toolId") int toolId, @PathParam("id") int id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = PluginRequest.class))) JsonNode body) {
        AtomicReference<PluginService.Written> written = new AtomicReference<>();
        return withVersion(replacements.replace(replaceable(toolId, id, written), body, ifMatch), written.get());
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchPlugin", summary = "Change the fields of a plugin that a JSON merge patch names")
    @APIResponse(responseCode = "200", description = "The plugin as changed", content = @Content(schema = @Schema(implementation = PluginResponse.class)),
            headers = @Header(name = VERSION_ID, description = VERSION_ID_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER)))
    public Response patch(@PathParam("toolId") int toolId, @PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull JsonNode patch) {
        AtomicReference<PluginService.Written> written = new AtomicReference<>();
        return withVersion(replacements.patch(replaceable(toolId, id, written), patch, ifMatch), written.get());
    }

    /** The plugin as {@code PUT} replaces it; the last write is kept in {@code written} for the answer's header. */
    private Replacements.Target<PluginRequest, Plugin> replaceable(int toolId, int id, AtomicReference<PluginService.Written> written) {
        return new Replacements.Target<>(PluginRequest.class, () -> PluginService.find(tool(toolId), id),
                (request, version) -> {
                    written.set(plugins.update(toolId, id, request, version));
                    return written.get().plugin();
                }, PluginResponse::from, plugin -> plugin.updatedAt);
    }

    static final String VERSION_ID = "Animus-Version-Id";
    static final String VERSION_ID_DESCRIPTION = "The id of the version row of the definition now current"
            + " (see /api/v1/tools/{toolId}/plugins/{id}/versions)";

    /** {@code response} with the header that names the version row of the plugin's definition now. */
    private static Response withVersion(Response response, PluginService.Written written) {
        return Response.fromResponse(response).header(VERSION_ID, written.version().id).build();
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
