package io.animus.registry.config.agent;

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

import io.animus.registry.web.RegistryApi;

import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.Replacements;
import io.quarkus.panache.common.Sort;


/**
 * Settings of one agent, flat under {@code /api/v1/agent-configs} with {@code agent_id} in the body
 * and as a list filter, as DESIGN names the resource after its table.
 */
@Tag(name = "Agent configs", description = "Settings of one agent")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/agent-configs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentConfigResource {

    @Inject
    AgentConfigStore agentConfigs;

    @Inject
    Replacements replacements;

    @Operation(operationId = "listAgentConfigs", summary = "List the agent settings visible to the caller")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<AgentConfigResponse> list(@QueryParam("agent_id") Integer agentId, @QueryParam("config_key") String configKey,
            @Valid @BeanParam PageRequest page) {
        return agentConfigs.list(new AgentConfigStore.Filter(agentId, configKey), page);
    }

    @Operation(operationId = "getAgentConfig", summary = "Get one agent setting")
    @APIResponse(responseCode = "200", description = "The setting (an encrypted value masked), with its ETag", content = @Content(schema = @Schema(implementation = AgentConfigResponse.class)))
    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response get(@PathParam("id") int id) {
        AgentConfig entry = agentConfigs.get(id);
        return ETags.ok(AgentConfigResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "revealAgentConfig", summary = "Reveal an agent setting's value")
    @APIResponse(responseCode = "200", description = "The setting with its plaintext value", content = @Content(schema = @Schema(implementation = AgentConfigResponse.class)))
    @GET
    @Path("{id}/reveal")
    @RolesAllowed(Roles.ADMIN)
    public Response reveal(@PathParam("id") int id) {
        EntryService.Revealed<AgentConfig> revealed = agentConfigs.reveal(id);
        return ETags.ok(AgentConfigResponse.withValue(revealed.entry(), revealed.plaintext()), revealed.entry().updatedAt);
    }

    @Operation(operationId = "createAgentConfig", summary = "Create an agent setting")
    @APIResponse(responseCode = "201", description = "The new setting, with its Location and ETag", content = @Content(schema = @Schema(implementation = AgentConfigResponse.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@NotNull @Valid AgentConfigRequest request) {
        AgentConfig entry = agentConfigs.create(request);
        return ETags.created("/api/v1/agent-configs/" + entry.id, AgentConfigResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "replaceAgentConfig", summary = "Replace an agent setting")
    @APIResponse(responseCode = "200", description = "The setting as stored, with its new ETag", content = @Content(schema = @Schema(implementation = AgentConfigResponse.class)))
    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response update(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = AgentConfigUpdate.class))) JsonNode body) {
        return replacements.replace(replaceable(id), body, ifMatch);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchAgentConfig", summary = "Change the fields of an agent's setting that a JSON merge patch names")
    @APIResponseSchema(value = AgentConfigResponse.class, responseCode = "200", responseDescription = "The entry as changed")
    public Response patch(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull JsonNode patch) {
        return replacements.patch(replaceable(id), patch, ifMatch);
    }

    private Replacements.Target<AgentConfigUpdate, AgentConfig> replaceable(int id) {
        return new Replacements.Target<>(AgentConfigUpdate.class, () -> agentConfigs.get(id),
                (request, version) -> agentConfigs.replace(id, request, version), AgentConfigResponse::from, entry -> entry.updatedAt);
    }

    @Operation(operationId = "deleteAgentConfig", summary = "Delete an agent setting")
    @APIResponse(responseCode = "204", description = "The setting is deleted")
    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        agentConfigs.delete(id, ifMatch);
        return Response.noContent().build();
    }
}
