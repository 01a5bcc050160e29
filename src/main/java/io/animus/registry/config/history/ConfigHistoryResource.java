package io.animus.registry.config.history;

import io.animus.registry.config.ConfigParams;
import io.animus.registry.config.ConfigTable;
import io.animus.registry.config.EntryKey;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.web.RegistryApi;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.PageRequest;

/**
 * The versions of configuration entries across the four tables, newest first, and the rollback of
 * an entry to one of them. An entry is named by its {@code entry_key}, which every entry's
 * response carries and which outlives a deleted row.
 */
@Tag(name = "Configuration history", description = "Versions of every configuration entry, and rollback")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/config-history")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConfigHistoryResource {

    @Inject
    ConfigHistoryService history;

    @Inject
    ConfigRollback rollback;

    /**
     * The versions of one entry ({@code entry_key}), with the latest version's {@code ETag} for a
     * rollback. Without {@code entry_key}, every version of every entry (of {@code table} if given): admins only.
     */
    @Operation(operationId = "listConfigHistory", summary = "List the versions of configuration entries")
    @APIResponse(responseCode = "200", description = "The versions, newest first; with entry_key, the ETag of the latest version", content = @Content(schema = @Schema(type = SchemaType.OBJECT, requiredProperties = { "items", "page", "size", "total" }, properties = {
            @SchemaProperty(name = "items", type = SchemaType.ARRAY, implementation = HistoryEntryResponse.class),
            @SchemaProperty(name = "page", type = SchemaType.INTEGER, format = "int32"),
            @SchemaProperty(name = "size", type = SchemaType.INTEGER, format = "int32"),
            @SchemaProperty(name = "total", type = SchemaType.INTEGER, format = "int64") })))
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response list(@QueryParam("entry_key") String entryKey, @QueryParam("table") String table,
            @Valid @BeanParam PageRequest page) {
        if (entryKey == null) {
            return Response.ok(history.all(ConfigParams.label(ConfigTable.class, "table", table), page)).build();
        }
        ConfigHistoryService.Versions versions = history.versions(ConfigParams.entryKey("entry_key", entryKey), page);
        return ETags.ok(versions.page(), versions.latestAt());
    }

    /** Rolls an entry back to a version; see {@link ConfigRollback} for the rule. */
    @Operation(operationId = "rollbackConfiguration", summary = "Roll a configuration entry back to an earlier version")
    @APIResponse(responseCode = "200", description = "The new version the rollback wrote, with its ETag", content = @Content(schema = @Schema(implementation = HistoryEntryResponse.class)))
    @POST
    @Path("rollback")
    @RolesAllowed(Roles.ADMIN)
    public Response rollback(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull @Valid RollbackRequest request) {
        EntryKey key = ConfigParams.entryKey("entry_key", request.entryKey());
        ConfigHistory version = rollback.rollback(key, request.version(), ifMatch);
        return ETags.ok(HistoryEntryResponse.from(version), version.changedAt);
    }
}
