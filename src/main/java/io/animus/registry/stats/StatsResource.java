package io.animus.registry.stats;

import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.RegistryApi;

/**
 * {@code /api/v1/stats}: usage of the registry, its agents and its tools over a window of days. Every
 * signed-in user reads them, each over the agents they may see; an agent they may not see is absent.
 */
@Tag(name = "Statistics", description = "Usage of agents and tools: chat, configuration reads, last activity")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
public class StatsResource {

    static final int DEFAULT_DAYS = 30;

    @Inject
    StatsQueries stats;

    @Inject
    StatsConfig config;

    @Inject
    CurrentUser currentUser;

    @GET
    @Operation(operationId = "getRegistryStats", summary = "Registry-wide counts and the window day by day")
    @APIResponse(responseCode = "200", description = "The registry's figures", content = @Content(schema = @Schema(implementation = RegistryStats.class)))
    public RegistryStats registry(@Parameter(description = "the window in days, ending today (UTC); default 30") @QueryParam("days") Integer days) {
        return stats.registry(viewer(days));
    }

    @GET
    @Path("/agents")
    @Operation(operationId = "listAgentStats", summary = "Each visible agent's totals over the window")
    @APIResponse(responseCode = "200", description = "A page of agents' figures, by agent id")
    public Page<AgentStats> agents(@Parameter(description = "the window in days, ending today (UTC); default 30") @QueryParam("days") Integer days,
            @BeanParam @Valid PageRequest page) {
        return stats.agents(viewer(days), page);
    }

    @GET
    @Path("/agents/{id}")
    @Operation(operationId = "getAgentStats", summary = "One agent's totals and its window day by day")
    @APIResponse(responseCode = "200", description = "The agent's figures", content = @Content(schema = @Schema(implementation = AgentStats.class)))
    public AgentStats agent(@PathParam("id") int id,
            @Parameter(description = "the window in days, ending today (UTC); default 30") @QueryParam("days") Integer days) {
        return stats.agent(viewer(days), id).orElseThrow(() -> ProblemException.notFound("No agent " + id));
    }

    @GET
    @Path("/tools")
    @Operation(operationId = "listToolStats", summary = "Each tool's figures over the window")
    @APIResponse(responseCode = "200", description = "A page of tools' figures, by tool id")
    public Page<ToolStats> tools(@Parameter(description = "the window in days, ending today (UTC); default 30") @QueryParam("days") Integer days,
            @BeanParam @Valid PageRequest page) {
        return stats.tools(viewer(days), page);
    }

    @GET
    @Path("/tools/{id}")
    @Operation(operationId = "getToolStats", summary = "One tool's figures and its window day by day")
    @APIResponse(responseCode = "200", description = "The tool's figures", content = @Content(schema = @Schema(implementation = ToolStats.class)))
    public ToolStats tool(@PathParam("id") int id,
            @Parameter(description = "the window in days, ending today (UTC); default 30") @QueryParam("days") Integer days) {
        return stats.tool(viewer(days), id).orElseThrow(() -> ProblemException.notFound("No tool " + id));
    }

    /** The caller and the window: {@code days} whole days ending today (UTC), 1 to {@code animus.stats.max-days}. */
    private StatsQueries.Viewer viewer(Integer days) {
        int window = days == null ? DEFAULT_DAYS : days;
        if (window < 1 || window > config.maxDays()) {
            throw ProblemException.badRequest("days: must be a whole number from 1 to " + config.maxDays());
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return new StatsQueries.Viewer(currentUser.id(), currentUser.role(), today.minusDays(window - 1L), today);
    }
}
