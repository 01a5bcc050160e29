package io.animus.registry.letta;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.agent.Agent;
import io.animus.registry.agent.AgentResponse;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.RegistryApi;

/**
 * {@code /api/v1/letta}: the link to the Letta server the agents live in. Settings, checks, runs and
 * imports are for admins; the states are read under the agents' visibility rule. Nothing here answers a
 * 5xx because of Letta: what Letta does wrong is in the answer (a check) or the run's record.
 */
@Tag(name = "Letta", description = "The link to the Letta server: settings, reconciliation, states, imports and tool drift")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/letta")
@Produces(MediaType.APPLICATION_JSON)
public class LettaResource {

    @Inject
    LettaLink link;

    @Inject
    LettaService service;

    @Inject
    LettaReconciliation reconciliation;

    @Operation(operationId = "getLettaSettings", summary = "Get the link's settings in use (the password only as whether one is set)")
    @GET
    @Path("/settings")
    @RolesAllowed(Roles.ADMIN)
    public LettaSettingsResponse settings() {
        return LettaSettingsResponse.from(link.settings(), link.savedAt().orElse(null));
    }

    @Operation(operationId = "replaceLettaSettings", summary = "Save the link's settings; they apply at once, without a restart")
    @APIResponse(responseCode = "200", description = "The settings in use now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LettaSettingsResponse.class)))
    @APIResponse(responseCode = "422", description = "A setting is invalid; nothing was saved",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @PUT
    @Path("/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public LettaSettingsResponse saveSettings(@Valid @NotNull LettaSettingsRequest request) {
        return LettaSettingsResponse.from(link.save(request), link.savedAt().orElse(null));
    }

    @Operation(operationId = "checkLetta", summary = "Check that the registry reaches Letta: its version and agent count, or why not")
    @POST
    @Path("/check")
    @RolesAllowed(Roles.ADMIN)
    public LettaCheckResponse check() {
        return service.check();
    }

    /** Runs a reconciliation now: its record, failed or completed; 409 while another runs. */
    @Operation(operationId = "reconcileLetta", summary = "Reconcile the registry's agents with Letta's now")
    @APIResponse(responseCode = "200", description = "The run's record: completed, or failed with the problem (the last states stay)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LettaRunResponse.class)))
    @APIResponse(responseCode = "409", description = "Another reconciliation is running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @POST
    @Path("/reconcile")
    @RolesAllowed(Roles.ADMIN)
    public LettaRunResponse reconcile() {
        return reconciliation.now().run()
                .orElseThrow(() -> ProblemException.conflict("Another reconciliation with Letta is running; try again when it has finished"));
    }

    @Operation(operationId = "listLettaRuns", summary = "List the last reconciliations, newest first")
    @GET
    @Path("/runs")
    @RolesAllowed(Roles.ADMIN)
    public List<LettaRunResponse> runs(@QueryParam("limit") @Parameter(description = "How many, 1 to 100 (default 20)")
            @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(100) Integer limit) {
        return LettaRun.<LettaRun> find("order by startedAt desc, id desc").page(0, limit == null ? 20 : limit).list().stream()
                .map(LettaRunResponse::from).toList();
    }

    @Operation(operationId = "listLettaStates", summary = "List each agent's link state (and, for admins, Letta's unregistered agents)")
    @GET
    @Path("/agents")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public LettaStatesResponse states(@BeanParam @Valid PageRequest page,
            @QueryParam("state") @Parameter(description = "Only this state", schema = @Schema(type = SchemaType.STRING,
                    enumeration = { "linked", "missing_in_letta", "not_a_letta_id", "unchecked", "unregistered" })) String state) {
        return service.states(state, page);
    }

    @Operation(operationId = "importLettaAgent", summary = "Register an unregistered Letta agent as a registry agent")
    @APIResponse(responseCode = "201", description = "The new registry agent, linked, with its Location",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgentResponse.class)))
    @APIResponse(responseCode = "404", description = "No such unregistered Letta agent in the last reconciliation",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "Its name is taken, or it is registered already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "Not a Letta agent id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @POST
    @Path("/agents/{letta_id}/import")
    @RolesAllowed(Roles.ADMIN)
    public Response importOne(@PathParam("letta_id") String lettaId) {
        Agent agent = service.importOne(lettaId);
        return Response.created(java.net.URI.create("/api/v1/agents/" + agent.id)).entity(AgentResponse.from(agent)).build();
    }

    @Operation(operationId = "importLettaAgents", summary = "Register every unregistered Letta agent, in one go")
    @APIResponse(responseCode = "200", description = "The new registry agents",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LettaImportResponse.class)))
    @APIResponse(responseCode = "409", description = "Names are taken: the problem lists them; nothing was imported",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @POST
    @Path("/agents/import")
    @RolesAllowed(Roles.ADMIN)
    public LettaImportResponse importAll() {
        return LettaImportResponse.of(service.importAll());
    }

    @Operation(operationId = "getLettaToolDrift", summary = "Compare a linked agent's tools in Letta with the registry's")
    @APIResponse(responseCode = "200", description = "What each side lacks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LettaDriftResponse.class)))
    @APIResponse(responseCode = "404", description = "No such agent visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The agent is not linked",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @GET
    @Path("/drift/{agent_id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public LettaDriftResponse drift(@PathParam("agent_id") int agentId) {
        return service.drift(agentId);
    }
}
