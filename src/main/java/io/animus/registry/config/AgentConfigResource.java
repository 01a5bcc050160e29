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

import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.Replacements;
import io.quarkus.panache.common.Sort;

/**
 * Settings of one agent, flat under {@code /api/v1/agent-configs} with {@code agent_id} in the body
 * and as a list filter, as DESIGN names the resource after its table.
 */
@Path("/api/v1/agent-configs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentConfigResource {

    @Inject
    AgentConfigStore store;

    @Inject
    Replacements replacements;

    @Inject
    ConfigReadAccess access;

    @Inject
    SecretValues secrets;

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

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response get(@PathParam("id") int id) {
        AgentConfig entry = readable(id);
        return ETags.ok(AgentConfigResponse.from(entry), entry.updatedAt);
    }

    @GET
    @Path("{id}/reveal")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response reveal(@PathParam("id") int id) {
        AgentConfig entry = readable(id);
        String plaintext = secrets.reveal(store.keyOf(entry), entry.configValue, entry.encrypted, RevealPurpose.REVEAL);
        return ETags.ok(AgentConfigResponse.withValue(entry, plaintext), entry.updatedAt);
    }

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
        return new Replacements.Target<>(AgentConfigUpdate.class, () -> existing(id),
                (request, version) -> replace(id, version, request),
                AgentConfigResponse::from, entry -> entry.updatedAt);
    }

    /** The write of a {@code PUT} (or of a {@code PATCH} made whole), in one transaction. */
    @Transactional
    AgentConfig replace(int id, String ifMatch, AgentConfigUpdate request) {
        AgentConfig entry = store.lockForChange(existing(id), ifMatch);
        EntryState state = store.replacement(entry, request.configValue(), request.configType(),
                ConfigParams.encrypted(request.encrypted()), EntryState.emptyDetails());
        return store.update(entry, state, null);
    }

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
