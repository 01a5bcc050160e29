package io.animus.registry.config;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.web.RegistryApi;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
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
    SystemConfigStore store;

    @Inject
    SecretValues secrets;

    @Operation(operationId = "listSystemConfig", summary = "List the system settings")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<SystemConfigResponse> list(@QueryParam("category") String category, @Valid @BeanParam PageRequest page) {
        return category == null
                ? Page.of(SystemConfig.findAll(Sort.by("configKey")), page, SystemConfigResponse::from)
                : Page.of(SystemConfig.find("category = :category", Sort.by("configKey"), Parameters.with("category", category)),
                        page, SystemConfigResponse::from);
    }

    @Operation(operationId = "getSystemConfig", summary = "Get one system setting")
    @APIResponse(responseCode = "200", description = "The setting (an encrypted value masked), with its ETag", content = @Content(schema = @Schema(implementation = SystemConfigResponse.class)))
    @GET
    @Path("{config_key}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response get(@PathParam("config_key") String configKey) {
        SystemConfig entry = existing(configKey);
        return ETags.ok(SystemConfigResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "revealSystemConfig", summary = "Reveal a system setting's value")
    @APIResponse(responseCode = "200", description = "The setting with its plaintext value", content = @Content(schema = @Schema(implementation = SystemConfigResponse.class)))
    @GET
    @Path("{config_key}/reveal")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response reveal(@PathParam("config_key") String configKey) {
        SystemConfig entry = existing(configKey);
        String plaintext = secrets.reveal(store.keyOf(entry), entry.configValue, entry.encrypted, RevealPurpose.REVEAL);
        return ETags.ok(SystemConfigResponse.withValue(entry, plaintext), entry.updatedAt);
    }

    @Operation(operationId = "createSystemConfig", summary = "Create a system setting")
    @APIResponse(responseCode = "201", description = "The new setting, with its Location and ETag", content = @Content(schema = @Schema(implementation = SystemConfigResponse.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response create(@NotNull @Valid SystemConfigRequest request) {
        EntryKey key = EntryKey.systemConfig(request.configKey());
        EntryState state = store.requested(key, request.configValue(), request.configType(),
                ConfigParams.encrypted(request.encrypted()), details(request.category(), request.description()));
        SystemConfig entry = store.create(key, state, null);
        return ETags.created("/api/v1/system-config/" + entry.configKey, SystemConfigResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "replaceSystemConfig", summary = "Replace a system setting")
    @APIResponse(responseCode = "200", description = "The setting as stored, with its new ETag", content = @Content(schema = @Schema(implementation = SystemConfigResponse.class)))
    @PUT
    @Path("{config_key}")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response update(@PathParam("config_key") String configKey, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @Valid SystemConfigUpdate request) {
        SystemConfig entry = store.lockForChange(existing(configKey), ifMatch);
        EntryState state = store.requested(store.keyOf(entry), request.configValue(), request.configType(),
                ConfigParams.encrypted(request.encrypted()), details(request.category(), request.description()));
        store.update(entry, state, null);
        return ETags.ok(SystemConfigResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "deleteSystemConfig", summary = "Delete a system setting")
    @APIResponse(responseCode = "204", description = "The setting is deleted")
    @DELETE
    @Path("{config_key}")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response delete(@PathParam("config_key") String configKey, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        store.delete(store.lockForChange(existing(configKey), ifMatch), null);
        return Response.noContent().build();
    }

    private static ObjectNode details(String category, String description) {
        return EntryState.emptyDetails().put("category", category == null ? SystemConfigStore.DEFAULT_CATEGORY : category)
                .put("description", description);
    }

    private static SystemConfig existing(String configKey) {
        return SystemConfig.findByKey(configKey)
                .orElseThrow(() -> ProblemException.notFound("No system setting has the config_key '" + configKey + "'"));
    }
}
