package io.animus.registry.plugin;

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
import io.animus.registry.version.PluginVersionResponse;
import io.animus.registry.version.VersionHistory;
import io.animus.registry.version.VersionTable;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.RegistryApi;

/** {@code /api/v1/tools/{toolId}/plugins/{id}/versions}: every version a plugin has had, newest first. */
@Tag(name = "Plugins", description = "Plugins of a tool and their dependencies")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/tools/{toolId}/plugins/{id}/versions")
@Produces(MediaType.APPLICATION_JSON)
public class PluginVersionResource {

    @Inject
    VersionHistory history;

    @Operation(operationId = "listPluginVersions", summary = "List the versions a plugin has had",
            description = "Newest first: SemVer versions by precedence, then the others by time; is_current marks the plugin's definition now")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<PluginVersionResponse> list(@PathParam("toolId") int toolId, @PathParam("id") int id, @BeanParam @Valid PageRequest page) {
        Plugin plugin = PluginService.find(PluginResource.tool(toolId), id);
        return history.of(VersionTable.PLUGINS, plugin.id, page, row -> PluginVersionResponse.from(row, plugin.version, plugin.versionHash));
    }

    @Operation(operationId = "getPluginVersion", summary = "Get one version of a plugin")
    @GET
    @Path("/{versionId}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public PluginVersionResponse get(@PathParam("toolId") int toolId, @PathParam("id") int id, @PathParam("versionId") long versionId) {
        Plugin plugin = PluginService.find(PluginResource.tool(toolId), id);
        return PluginVersionResponse.from(history.one(VersionTable.PLUGINS, plugin.id, versionId), plugin.version, plugin.versionHash);
    }
}
