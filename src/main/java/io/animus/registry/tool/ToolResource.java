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

import java.util.concurrent.atomic.AtomicReference;

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

import io.animus.registry.agent.Status;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.ListFilter;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.Replacements;
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
        ListFilter filter = new ListFilter().equal("category", "category", category).equal("moduleScope", "moduleScope", moduleScope)
                .equal("status", "status", status).equal("enabled", "enabled", isEnabled);
        return Page.of(Tool.<Tool> find(filter.query(), Sort.by("id"), filter.parameters()), page, ToolResponse::from);
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
    @APIResponse(responseCode = "201", description = "The new tool, with its Location and ETag", content = @Content(schema = @Schema(implementation = ToolResponse.class)),
            headers = @Header(name = VERSION_ID, description = "The id of the tool's first version row", schema = @Schema(type = SchemaType.INTEGER)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@Valid @NotNull ToolRequest request) {
        ToolService.Written written = tools.create(request);
        Tool tool = written.tool();
        return withVersion(ETags.created("/api/v1/tools/" + tool.id, ToolResponse.from(tool), tool.updatedAt), written);
    }

    @Operation(operationId = "replaceTool", summary = "Replace a tool's fields")
    @APIResponse(responseCode = "200", description = "The tool as stored, with its new ETag", content = @Content(schema = @Schema(implementation = ToolResponse.class)),
            headers = { @Header(name = VERSION_ID, description = VERSION_ID_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER)),
                    @Header(name = INVALID_INSTANCES, description = INVALID_INSTANCES_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)) })
    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response update(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = ToolRequest.class))) JsonNode body) {
        AtomicReference<ToolService.Written> written = new AtomicReference<>();
        return withVersion(replacements.replace(replaceable(id, written), body, ifMatch), written.get());
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchTool", summary = "Change the fields of a tool that a JSON merge patch names")
    @APIResponse(responseCode = "200", description = "The tool as changed", content = @Content(schema = @Schema(implementation = ToolResponse.class)),
            headers = { @Header(name = VERSION_ID, description = VERSION_ID_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER)),
                    @Header(name = INVALID_INSTANCES, description = INVALID_INSTANCES_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)) })
    public Response patch(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull JsonNode patch) {
        AtomicReference<ToolService.Written> written = new AtomicReference<>();
        return withVersion(replacements.patch(replaceable(id, written), patch, ifMatch), written.get());
    }

    /** The tool as {@code PUT} replaces it; the last write is kept in {@code written} for the answer's headers. */
    private Replacements.Target<ToolRequest, Tool> replaceable(int id, AtomicReference<ToolService.Written> written) {
        return new Replacements.Target<>(ToolRequest.class,
                () -> Tool.<Tool> findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("No tool " + id)),
                (request, version) -> {
                    written.set(tools.update(id, request, version));
                    return written.get().tool();
                }, ToolResponse::from, tool -> tool.updatedAt);
    }

    static final String VERSION_ID = "Animus-Version-Id";
    static final String VERSION_ID_DESCRIPTION = "The id of the version row of the definition now current (see /api/v1/tools/{id}/versions)";
    static final String INVALID_INSTANCES = "Animus-Invalid-Instances";
    static final String INVALID_INSTANCES_DESCRIPTION = "Present when the new config_schema rejects the configs of existing"
            + " instances: their ids, comma-separated. The instances are left as they are; the version row lists the failing fields";

    /** {@code response} with the headers that name the version row and the instances the new schema rejects. */
    private static Response withVersion(Response response, ToolService.Written written) {
        Response.ResponseBuilder builder = Response.fromResponse(response).header(VERSION_ID, written.version().id);
        if (!written.invalidInstances().isEmpty()) {
            builder.header(INVALID_INSTANCES, SchemaUpgrade.ids(written.invalidInstances()));
        }
        return builder.build();
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
