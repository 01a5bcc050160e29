package io.animus.registry.tool;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.identity.Roles;
import io.animus.registry.version.ToolVersionResponse;
import io.animus.registry.version.VersionHistory;
import io.animus.registry.version.VersionTable;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.RegistryApi;

/** {@code /api/v1/tools/{id}/versions}: every version a tool has had, newest first. */
@Tag(name = "Tools", description = "Tools (MCP servers, modules) and their configuration schemas")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/tools/{id}/versions")
@Produces(MediaType.APPLICATION_JSON)
public class ToolVersionResource {

    @Inject
    VersionHistory history;

    @Operation(operationId = "listToolVersions", summary = "List the versions a tool has had",
            description = "Newest first: SemVer versions by precedence, then the others by time; is_current marks the tool's definition now")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ToolVersionResponse> list(@PathParam("id") int id, @BeanParam @Valid PageRequest page) {
        Tool tool = tool(id);
        return history.of(VersionTable.TOOLS, tool.id, page, row -> ToolVersionResponse.from(row, tool.version, tool.versionHash));
    }

    @Operation(operationId = "getToolVersion", summary = "Get one version of a tool")
    @GET
    @Path("/{versionId}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public ToolVersionResponse get(@PathParam("id") int id, @PathParam("versionId") long versionId) {
        Tool tool = tool(id);
        return ToolVersionResponse.from(history.one(VersionTable.TOOLS, tool.id, versionId), tool.version, tool.versionHash);
    }

    private static Tool tool(int id) {
        return Tool.<Tool> findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("No tool " + id));
    }
}
