package io.animus.registry.console;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.animus.registry.discovery.DiscoveryResource;
import io.animus.registry.discovery.DiscoveryRun;
import io.animus.registry.discovery.DiscoveryRunResponse;
import io.animus.registry.discovery.DiscoveryStatusResponse;
import io.animus.registry.identity.CurrentUser;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's discovery page: the last runs drawn as a chart, the last scan's problems, and "scan now" for admins. */
@Path("/discovery")
@ConsolePage
@ConsoleForm
@Produces(MediaType.TEXT_HTML)
public class DiscoveryPageResource {

    /** Runs shown in the table and the chart. */
    static final int RUNS = 30;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance discovery(Viewer viewer, String nav, DiscoveryStatusResponse status,
                List<DiscoveryRunResponse> runs, String chart);
    }

    @Inject
    DiscoveryResource discovery;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page() {
        DiscoveryStatusResponse status = discovery.status();
        List<DiscoveryRunResponse> runs = DiscoveryRun.<DiscoveryRun> findAll(Sort.descending("startedAt", "id"))
                .page(Page.ofSize(RUNS)).list().stream().map(DiscoveryRunResponse::from).toList();
        return Templates.discovery(Viewer.of(user), "discovery", status, runs, runs.isEmpty() ? null : Svg.runsChart(runs));
    }

    /** Scans the Animus home now (admins); the page shows its progress while the request runs, then the new run. */
    @POST
    @Path("scan")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response scan() {
        discovery.scanNow(false);
        return Response.noContent().header("HX-Redirect", "/discovery").build();
    }
}
