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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.Replacements;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** System-wide settings, addressed by their {@code config_key} and grouped by category. */
@Path("/api/v1/system-config")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SystemConfigResource {

    @Inject
    SystemConfigStore store;

    @Inject
    Replacements replacements;

    @Inject
    SecretValues secrets;

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<SystemConfigResponse> list(@QueryParam("category") String category, @Valid @BeanParam PageRequest page) {
        return category == null
                ? Page.of(SystemConfig.findAll(Sort.by("configKey")), page, SystemConfigResponse::from)
                : Page.of(SystemConfig.find("category = :category", Sort.by("configKey"), Parameters.with("category", category)),
                        page, SystemConfigResponse::from);
    }

    @GET
    @Path("{config_key}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response get(@PathParam("config_key") String configKey) {
        SystemConfig entry = existing(configKey);
        return ETags.ok(SystemConfigResponse.from(entry), entry.updatedAt);
    }

    @GET
    @Path("{config_key}/reveal")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response reveal(@PathParam("config_key") String configKey) {
        SystemConfig entry = existing(configKey);
        String plaintext = secrets.reveal(store.keyOf(entry), entry.configValue, entry.encrypted, RevealPurpose.REVEAL);
        return ETags.ok(SystemConfigResponse.withValue(entry, plaintext), entry.updatedAt);
    }

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
        return new Replacements.Target<>(SystemConfigUpdate.class, () -> existing(configKey),
                (request, version) -> replace(configKey, version, request),
                SystemConfigResponse::from, entry -> entry.updatedAt);
    }

    /** The write of a {@code PUT} (or of a {@code PATCH} made whole), in one transaction. */
    @Transactional
    SystemConfig replace(String configKey, String ifMatch, SystemConfigUpdate request) {
        SystemConfig entry = store.lockForChange(existing(configKey), ifMatch);
        EntryState state = store.replacement(entry, request.configValue(), request.configType(),
                ConfigParams.encrypted(request.encrypted()), details(request.category(), request.description()));
        return store.update(entry, state, null);
    }

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
