package io.animus.registry.config.scoped;

import io.animus.registry.config.ConfigParams;
import io.animus.registry.config.EntryService;
import io.animus.registry.config.Scope;
import io.animus.registry.config.layer.EffectiveConfiguration;
import io.animus.registry.config.layer.EffectiveConfigurations;
import io.animus.registry.config.layer.LayerScope;
import io.animus.registry.config.layer.StoredLayers;

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
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.Replacements;
import io.quarkus.panache.common.Sort;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The layered configurations (scope system, agent, tool or user) and the effective configuration they add up to. */
@Tag(name = "Configurations", description = "Layered configuration entries and the effective configuration")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/configurations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConfigurationResource {

    @Inject
    ConfigurationStore configurations;

    @Inject
    Replacements replacements;

    @Inject
    EffectiveConfigurations effective;

    @Operation(operationId = "listConfigurations", summary = "List the configuration entries visible to the caller")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ConfigurationResponse> list(@QueryParam("scope") String scope, @QueryParam("scope_id") Integer scopeId,
            @QueryParam("key") String key, @Valid @BeanParam PageRequest page) {
        Scope wanted = ConfigParams.label(Scope.class, "scope", scope);
        return configurations.list(new ConfigurationStore.Filter(wanted, scopeId, key), page);
    }

    @Operation(operationId = "getConfiguration", summary = "Get one configuration entry")
    @APIResponse(responseCode = "200", description = "The entry (an encrypted value masked), with its ETag", content = @Content(schema = @Schema(implementation = ConfigurationResponse.class)))
    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response get(@PathParam("id") int id) {
        Configuration entry = configurations.get(id);
        return ETags.ok(ConfigurationResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "revealConfiguration", summary = "Reveal a configuration entry's value")
    @APIResponse(responseCode = "200", description = "The entry with its plaintext value", content = @Content(schema = @Schema(implementation = ConfigurationResponse.class)))
    @GET
    @Path("{id}/reveal")
    @RolesAllowed(Roles.ADMIN)
    public Response reveal(@PathParam("id") int id) {
        EntryService.Revealed<Configuration> revealed = configurations.reveal(id);
        return ETags.ok(ConfigurationResponse.withValue(revealed.entry(), revealed.plaintext()), revealed.entry().updatedAt);
    }

    @Operation(operationId = "createConfiguration", summary = "Create a configuration entry")
    @APIResponse(responseCode = "201", description = "The new entry, with its Location and ETag", content = @Content(schema = @Schema(implementation = ConfigurationResponse.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@NotNull @Valid ConfigurationRequest request) {
        Configuration entry = configurations.create(request);
        return ETags.created("/api/v1/configurations/" + entry.id, ConfigurationResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "replaceConfiguration", summary = "Replace a configuration entry")
    @APIResponse(responseCode = "200", description = "The entry as stored, with its new ETag", content = @Content(schema = @Schema(implementation = ConfigurationResponse.class)))
    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response update(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = ConfigurationUpdate.class))) JsonNode body) {
        return replacements.replace(replaceable(id), body, ifMatch);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchConfiguration", summary = "Change the fields of a configuration that a JSON merge patch names")
    @APIResponseSchema(value = ConfigurationResponse.class, responseCode = "200", responseDescription = "The entry as changed")
    public Response patch(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull JsonNode patch) {
        return replacements.patch(replaceable(id), patch, ifMatch);
    }

    private Replacements.Target<ConfigurationUpdate, Configuration> replaceable(int id) {
        return new Replacements.Target<>(ConfigurationUpdate.class, () -> configurations.get(id),
                (request, version) -> configurations.replace(id, request, version), ConfigurationResponse::from, entry -> entry.updatedAt);
    }

    @Operation(operationId = "deleteConfiguration", summary = "Delete a configuration entry")
    @APIResponse(responseCode = "204", description = "The entry is deleted")
    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        configurations.delete(id, ifMatch);
        return Response.noContent().build();
    }

    /**
     * The effective configuration of an agent, a tool, or a tool instance (which implies both):
     * System → Agent → Tool → Instance, each key with its source and the sources it overrode.
     * Encrypted values are masked unless an admin asks {@code reveal=true}. Layers this replica holds
     * are answered on the I/O thread; a read of the database, or a reveal (audited), runs on a worker.
     */
    @Operation(operationId = "getEffectiveConfiguration", summary = "Get the effective configuration of an agent, tool or tool instance")
    @GET
    @Path("effective")
    @NonBlocking
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Uni<EffectiveConfiguration> effective(@QueryParam("agent_id") Integer agentId, @QueryParam("tool_id") Integer toolId,
            @QueryParam("tool_instance_id") Integer toolInstanceId, @QueryParam("reveal") @DefaultValue("false") Boolean reveal) {
        StoredLayers cached = reveal ? null : effective.cached(new LayerScope(agentId, toolId, toolInstanceId));
        if (cached != null) {
            return Uni.createFrom().item(() -> effective.shown(cached, false));
        }
        return Uni.createFrom().item(() -> effective.resolve(agentId, toolId, toolInstanceId, reveal))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
