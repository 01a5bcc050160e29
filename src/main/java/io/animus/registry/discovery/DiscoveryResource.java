package io.animus.registry.discovery;

import io.animus.registry.discovery.home.AnimusHome;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.identity.Roles;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.RegistryApi;

/** {@code /api/v1/discovery}: the last scan for everyone, a scan on demand for admins. */
@Tag(name = "Discovery", description = "The scan of the Animus home for module manifests")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/discovery")
@Produces(MediaType.APPLICATION_JSON)
public class DiscoveryResource {

    @Inject
    DiscoveryScan scan;

    @Inject
    AnimusHome home;

    @Inject
    DiscoveryConfig config;

    @Inject
    DiscoveryValidation validation;

    @Operation(operationId = "getDiscoveryStatus", summary = "Get the state of discovery and its last runs")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public DiscoveryStatusResponse status() {
        DiscoveryRunResponse last = DiscoveryRun.latest().map(DiscoveryRunResponse::from).orElse(null);
        return new DiscoveryStatusResponse(home.path().toString(), config.every(), last);
    }

    /**
     * Scans now and answers the run's report; 409 while another scan holds the lock. A scan that ran and
     * failed is recorded as a failed run and answered with a problem naming the reason and the run: 503 when
     * it ran out of memory or time (the service may manage once it has more of either), 500 otherwise.
     */
    @Operation(operationId = "runDiscoveryScan", summary = "Scan the Animus home now")
    @POST
    @Path("/scan")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "200", description = "The scan completed: its run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DiscoveryRunResponse.class)))
    @APIResponse(responseCode = "500", description = "The scan failed and was rolled back; the problem names the reason and the recorded run",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", description = "The scan ran out of memory or time and was rolled back, or the database is unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public DiscoveryRunResponse scanNow(@Parameter(description = "Only say what the scan would do: nothing is written, not even the run"
            + " (outcome dry_run, no id, would_change listed); true or false, false when absent") @QueryParam("dry_run") Boolean dryRun, @Context UriInfo uri) {
        if (dryRun == null && uri.getQueryParameters().containsKey("dry_run")) {
            // an empty value reads as absent, which would be a real scan: a mistyped flag must not write
            throw ProblemException.badRequest("'' is not a boolean: use dry_run=true or dry_run=false");
        }
        if (Boolean.TRUE.equals(dryRun)) {
            DiscoveryScan.DryRun dry = scan.dryRun();
            ScanResult result = dry.result();
            if (!result.ran()) {
                throw ProblemException.conflict("Another discovery scan is running; try again when it has finished");
            }
            if (result.failure() != null) {
                throw failed(result);
            }
            return DiscoveryRunResponse.dryRun(result.report(), dry.changes());
        }
        ScanResult result = scan.now();
        if (!result.ran()) {
            throw ProblemException.conflict("Another discovery scan is running; try again when it has finished");
        }
        if (result.failure() != null) {
            throw failed(result);
        }
        return DiscoveryRunResponse.from(result.report());
    }

    /**
     * The dry run of one file: what discovery would make of a manifest, or of an SMCP plugin's
     * {@code --describe} output, lying at the given path. Answers 200 whether or not the file is valid;
     * writes nothing.
     */
    @Operation(operationId = "validateDiscoveryFile", summary = "Check a manifest or a --describe output without writing")
    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "200", description = "What discovery would make of the file, valid or not",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ValidateResponse.class)))
    @APIResponse(responseCode = "422", description = "No path or content, or a path discovery could not read (absolute, with .., or not a"
            + " manifest.json or cli.py)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public ValidateResponse validate(@Valid @NotNull ValidateRequest request) {
        return validation.validate(request.path(), request.content());
    }

    private static ProblemException failed(ScanResult result) {
        ScanReport report = result.report();
        String reason = report.problems().stream().filter(problem -> ".".equals(problem.path())).map(DiscoveryProblem::reason)
                .reduce((first, second) -> second).orElse("see the service's log");
        String run = ScanReport.DRY_RUN.equals(report.outcome()) ? "was a dry run and is not recorded"
                : report.id() == null ? "could not be recorded either" : "is recorded as run " + report.id();
        int status = result.failure() == ScanResult.Failure.ERROR ? 500 : 503;
        return new ProblemException(status, "The discovery scan failed and nothing of it was written: " + reason + "; the scan " + run);
    }
}
