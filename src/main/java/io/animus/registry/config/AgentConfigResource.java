package io.animus.registry.config;

import java.util.HashMap;
import java.util.Map;

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

import io.animus.registry.web.RegistryApi;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
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
    AgentConfigStore store;

    @Inject
    ConfigReadAccess access;

    @Inject
    SecretValues secrets;

    @Operation(operationId = "listAgentConfigs", summary = "List the agent settings visible to the caller")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<AgentConfigResponse> list(@QueryParam("agent_id") Integer agentId, @QueryParam("config_key") String configKey,
            @Valid @BeanParam PageRequest page) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (agentId != null) {
            where.append(" and agent.id = :agentId");
            parameters.put("agentId", agentId);
        }
        if (configKey != null) {
            where.append(" and configKey = :configKey");
            parameters.put("configKey", configKey);
        }
        if (!access.isAdmin()) {
            where.append(" and agent.id in :visible");
            parameters.put("visible", ConfigurationResource.withNone(access.visibleAgentIds()));
        }
        return Page.of(AgentConfig.find(where.toString(), Sort.by("id"), parameters), page, AgentConfigResponse::from);
    }

    @Operation(operationId = "getAgentConfig", summary = "Get one agent setting")
    @APIResponse(responseCode = "200", description = "The setting (an encrypted value masked), with its ETag", content = @Content(schema = @Schema(implementation = AgentConfigResponse.class)))
    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response get(@PathParam("id") int id) {
        AgentConfig entry = readable(id);
        return ETags.ok(AgentConfigResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "revealAgentConfig", summary = "Reveal an agent setting's value")
    @APIResponse(responseCode = "200", description = "The setting with its plaintext value", content = @Content(schema = @Schema(implementation = AgentConfigResponse.class)))
    @GET
    @Path("{id}/reveal")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response reveal(@PathParam("id") int id) {
        AgentConfig entry = readable(id);
        String plaintext = secrets.reveal(store.keyOf(entry), entry.configValue, entry.encrypted, RevealPurpose.REVEAL);
        return ETags.ok(AgentConfigResponse.withValue(entry, plaintext), entry.updatedAt);
    }

    @Operation(operationId = "createAgentConfig", summary = "Create an agent setting")
    @APIResponse(responseCode = "201", description = "The new setting, with its Location and ETag", content = @Content(schema = @Schema(implementation = AgentConfigResponse.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response create(@NotNull @Valid AgentConfigRequest request) {
        EntryKey key = EntryKey.agentConfig(request.agentId(), request.configKey());
        EntryState state = store.requested(key, request.configValue(), request.configType(),
                ConfigParams.encrypted(request.encrypted()), EntryState.emptyDetails());
        AgentConfig entry = store.create(key, state, null);
        return ETags.created("/api/v1/agent-configs/" + entry.id, AgentConfigResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "replaceAgentConfig", summary = "Replace an agent setting")
    @APIResponse(responseCode = "200", description = "The setting as stored, with its new ETag", content = @Content(schema = @Schema(implementation = AgentConfigResponse.class)))
    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response update(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @Valid AgentConfigUpdate request) {
        AgentConfig entry = store.lockForChange(existing(id), ifMatch);
        EntryState state = store.requested(store.keyOf(entry), request.configValue(), request.configType(),
                ConfigParams.encrypted(request.encrypted()), EntryState.emptyDetails());
        store.update(entry, state, null);
        return ETags.ok(AgentConfigResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "deleteAgentConfig", summary = "Delete an agent setting")
    @APIResponse(responseCode = "204", description = "The setting is deleted")
    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response delete(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        store.delete(store.lockForChange(existing(id), ifMatch), null);
        return Response.noContent().build();
    }

    private static AgentConfig existing(int id) {
        AgentConfig entry = AgentConfig.findById(id);
        if (entry == null) {
            throw ProblemException.notFound("No agent setting has the id " + id);
        }
        return entry;
    }

    private AgentConfig readable(int id) {
        AgentConfig entry = AgentConfig.findById(id);
        if (entry == null || !access.canSeeAgent(entry.agent.id)) {
            throw ProblemException.notFound("No agent setting has the id " + id);
        }
        return entry;
    }
}
