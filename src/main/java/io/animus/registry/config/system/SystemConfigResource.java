package io.animus.registry.config.system;

import io.animus.registry.config.EntryService;

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
import com.fasterxml.jackson.databind.node.ObjectNode;


import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.RegistryApi;
import io.animus.registry.web.Replacements;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;


/** System-wide settings, addressed by their {@code config_key} and grouped by category. */
@Tag(name = "System config", description = "System-wide settings")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/system-config")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SystemConfigResource {

    @Inject
    SystemConfigStore systemConfig;

    @Inject
    Replacements replacements;

    @Operation(operationId = "listSystemConfig", summary = "List the system settings")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<SystemConfigResponse> list(@QueryParam("category") String category, @Valid @BeanParam PageRequest page) {
        return systemConfig.list(category, page);
    }

    @Operation(operationId = "getSystemConfig", summary = "Get one system setting")
    @APIResponse(responseCode = "200", description = "The setting (an encrypted value masked), with its ETag", content = @Content(schema = @Schema(implementation = SystemConfigResponse.class)))
    @GET
    @Path("{config_key}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response get(@PathParam("config_key") String configKey) {
        SystemConfig entry = systemConfig.get(configKey);
        return ETags.ok(SystemConfigResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "revealSystemConfig", summary = "Reveal a system setting's value")
    @APIResponse(responseCode = "200", description = "The setting with its plaintext value", content = @Content(schema = @Schema(implementation = SystemConfigResponse.class)))
    @GET
    @Path("{config_key}/reveal")
    @RolesAllowed(Roles.ADMIN)
    public Response reveal(@PathParam("config_key") String configKey) {
        EntryService.Revealed<SystemConfig> revealed = systemConfig.reveal(configKey);
        return ETags.ok(SystemConfigResponse.withValue(revealed.entry(), revealed.plaintext()), revealed.entry().updatedAt);
    }

    @Operation(operationId = "createSystemConfig", summary = "Create a system setting")
    @APIResponse(responseCode = "201", description = "The new setting, with its Location and ETag", content = @Content(schema = @Schema(implementation = SystemConfigResponse.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@NotNull @Valid SystemConfigRequest request) {
        SystemConfig entry = systemConfig.create(request);
        return ETags.created("/api/v1/system-config/" + entry.configKey, SystemConfigResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "replaceSystemConfig", summary = "Replace a system setting")
    @APIResponse(responseCode = "200", description = "The setting as stored, with its new ETag", content = @Content(schema = @Schema(implementation = SystemConfigResponse.class)))
    @PUT
    @Path("{config_key}")
    @RolesAllowed(Roles.ADMIN)
    public Response update(@PathParam("config_key") String configKey, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = SystemConfigUpdate.class))) JsonNode body) {
        return replacements.replace(replaceable(configKey), body, ifMatch);
    }

    @PATCH
    @Path("{config_key}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchSystemConfig", summary = "Change the fields of a system setting that a JSON merge patch names")
    @APIResponseSchema(value = SystemConfigResponse.class, responseCode = "200", responseDescription = "The entry as changed")
    public Response patch(@PathParam("config_key") String configKey, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull JsonNode patch) {
        return replacements.patch(replaceable(configKey), patch, ifMatch);
    }

    private Replacements.Target<SystemConfigUpdate, SystemConfig> replaceable(String configKey) {
        return new Replacements.Target<>(SystemConfigUpdate.class, () -> systemConfig.get(configKey),
                (request, version) -> systemConfig.replace(configKey, request, version), SystemConfigResponse::from, entry -> entry.updatedAt);
    }

    @Operation(operationId = "deleteSystemConfig", summary = "Delete a system setting")
    @APIResponse(responseCode = "204", description = "The setting is deleted")
    @DELETE
    @Path("{config_key}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("config_key") String configKey, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        systemConfig.delete(configKey, ifMatch);
        return Response.noContent().build();
    }
}
