package io.animus.registry.agent;

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

import io.animus.registry.agent.Status;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.Replacements;

/** {@code /api/v1/agents}: the Letta agents of the platform. */
@Tag(name = "Agents", description = "The Letta agents of the platform")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    @Inject
    AgentService agents;

    @Inject
    Replacements replacements;

    @Operation(operationId = "listAgents", summary = "List the agents visible to the caller")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<AgentResponse> list(@BeanParam @Valid PageRequest page, @QueryParam("status") Status status,
            @QueryParam("is_active") Boolean isActive, @QueryParam("name") String name) {
        return agents.list(new AgentService.Filter(status, isActive, name), page);
    }

    /**
     * The most frequent request of the registry. A cached agent is answered on the I/O thread with the
     * JSON serialized once for its version; an agent that must be loaded is read on a worker thread.
     */
    @Operation(operationId = "getAgent", summary = "Get one agent")
    @APIResponse(responseCode = "200", description = "The agent, with its ETag", content = @Content(schema = @Schema(implementation = AgentResponse.class)))
    @GET
    @Path("/{id}")
    @NonBlocking
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Uni<Response> get(@PathParam("id") int id) {
        return agents.findCachedBody(id)
                .map(body -> Uni.createFrom().item(Response.ok(body.json(), MediaType.APPLICATION_JSON_TYPE).tag(body.tag()).build()))
                .orElseGet(() -> Uni.createFrom().item(() -> answer(id, agents.find(id)))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    private static Response answer(int id, java.util.Optional<Agent> found) {
        Agent agent = found.orElseThrow(() -> ProblemException.notFound("No agent " + id));
        return answer(agent);
    }

    /** The agent's answer with its link to Letta, tagged with the version of both. */
    private static Response answer(Agent agent) {
        AgentLettaLink link = AgentLettaLink.forAgent(agent.id).orElse(null);
        return ETags.ok(AgentResponse.from(agent, link), AgentLettaLink.version(agent, link));
    }

    @Operation(operationId = "getAgentByLettaUid", summary = "Get one agent by its Letta uid")
    @APIResponse(responseCode = "200", description = "The agent, with its ETag", content = @Content(schema = @Schema(implementation = AgentResponse.class)))
    @GET
    @Path("/by-letta-uid/{letta_uid}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response getByLettaUid(@PathParam("letta_uid") String lettaUid) {
        Agent agent = agents.findByLettaUid(lettaUid)
                .orElseThrow(() -> ProblemException.notFound("No agent with letta_uid " + lettaUid));
        return answer(agent);
    }

    @Operation(operationId = "createAgent", summary = "Create an agent")
    @APIResponse(responseCode = "201", description = "The new agent, with its Location and ETag", content = @Content(schema = @Schema(implementation = AgentResponse.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@Valid @NotNull AgentRequest request) {
        Agent agent = agents.create(request);
        return ETags.created("/api/v1/agents/" + agent.id, AgentResponse.from(agent), agent.updatedAt);
    }

    @Operation(operationId = "replaceAgent", summary = "Replace an agent's fields")
    @APIResponse(responseCode = "200", description = "The agent as stored, with its new ETag", content = @Content(schema = @Schema(implementation = AgentResponse.class)))
    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response update(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = AgentRequest.class))) JsonNode body) {
        return replacements.replace(replaceable(id), body, ifMatch);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchAgent", summary = "Change the fields of an agent that a JSON merge patch names")
    @APIResponseSchema(value = AgentResponse.class, responseCode = "200", responseDescription = "The agent as changed")
    public Response patch(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull JsonNode patch) {
        return replacements.patch(replaceable(id), patch, ifMatch);
    }

    private Replacements.Target<AgentRequest, Agent> replaceable(int id) {
        return new Replacements.Target<>(AgentRequest.class,
                () -> Agent.<Agent> findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("No agent " + id)),
                (request, version) -> agents.update(id, request, version), AgentResponse::from, AgentService::version);
    }

    @Operation(operationId = "deleteAgent", summary = "Delete an agent")
    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public void delete(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @QueryParam("cascade") @DefaultValue("false") Boolean cascade) {
        agents.delete(id, cascade, ifMatch);
    }
}
