package io.animus.registry.discovery;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.web.RegistryApi;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.ProblemException;

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

    @Operation(operationId = "getDiscoveryStatus", summary = "Get the state of discovery and its last runs")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public DiscoveryStatusResponse status() {
        DiscoveryRunResponse last = DiscoveryRun.latest().map(DiscoveryRunResponse::from).orElse(null);
        return new DiscoveryStatusResponse(home.path().toString(), config.every(), last);
    }

    /** Scans now and answers the run's report; 409 while another scan holds the lock. */
    @Operation(operationId = "runDiscoveryScan", summary = "Scan the Animus home now")
    @POST
    @Path("/scan")
    @RolesAllowed(Roles.ADMIN)
    public DiscoveryRunResponse scanNow() {
        ScanResult result = scan.now();
        if (!result.ran()) {
            throw ProblemException.conflict("Another discovery scan is running; try again when it has finished");
        }
        return DiscoveryRunResponse.from(result.report());
    }
}
