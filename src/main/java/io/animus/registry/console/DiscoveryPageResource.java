package io.animus.registry.console;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
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
import io.animus.registry.discovery.ValidateRequest;
import io.animus.registry.discovery.ValidateResponse;
import io.animus.registry.discovery.smcp.SmcpManifests;
import io.animus.registry.plugin.Plugin;
import io.animus.registry.tool.Tool;
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
                List<DiscoveryRunResponse> runs, String chart, List<SmcpPluginRow> smcpPlugins);

        static native TemplateInstance validation(ValidateResponse result, String path);
    }

    /** An SMCP plugin of the tool {@code smcp} with the tools of its commands. */
    public record SmcpPluginRow(String name, String version, String status, boolean enabled, String file, List<ToolLink> tools) {
    }

    /** A tool's name and the link to its page. */
    public record ToolLink(int id, String name, String status) {
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
        return Templates.discovery(Viewer.of(user), "discovery", status, runs, runs.isEmpty() ? null : Svg.runsChart(runs), smcpPlugins());
    }

    /** The plugins of the tool {@code smcp}, each with the tools its commands became (discovered from the same cli.py). */
    static List<SmcpPluginRow> smcpPlugins() {
        return Tool.findByName(SmcpManifests.TOOL).map(smcp -> Plugin.listByTool(smcp).stream()
                .sorted(java.util.Comparator.comparing((Plugin plugin) -> plugin.name))
                .map(plugin -> new SmcpPluginRow(plugin.name, plugin.version, plugin.status.label(), plugin.enabled, plugin.discoveredFrom,
                        plugin.discoveredFrom == null ? List.of()
                                : Tool.<Tool> list("discoveredFrom = ?1 and name <> ?2 order by name", plugin.discoveredFrom, SmcpManifests.TOOL)
                                        .stream().map(tool -> new ToolLink(tool.id, tool.name, tool.status.label())).toList()))
                .toList()).orElse(List.of());
    }

    /** Checks a manifest (or a --describe output) without writing (admins): the answer is drawn where the form asks. */
    @POST
    @Path("validate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance validate(@FormParam("path") String path, @FormParam("content") String content) {
        String where = path == null ? "" : path.strip();
        return Templates.validation(discovery.validate(new ValidateRequest(where, content)), where);
    }

    /** Scans the Animus home now (admins); the page shows its progress while the request runs, then the new run. */
    @POST
    @Path("scan")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response scan() {
        discovery.scanNow(Boolean.FALSE, null);
        return Response.noContent().header("HX-Redirect", "/discovery").build();
    }
}
