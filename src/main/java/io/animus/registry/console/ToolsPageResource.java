package io.animus.registry.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.discovery.DiscoveryProblem;
import io.animus.registry.discovery.DiscoveryRun;
import io.animus.registry.discovery.DiscoveryRunResponse;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.plugin.PluginResource;
import io.animus.registry.plugin.PluginResponse;
import io.animus.registry.tool.Tool;
import io.animus.registry.tool.ToolInstanceResponse;
import io.animus.registry.tool.ToolInstanceService;
import io.animus.registry.tool.ToolResource;
import io.animus.registry.tool.ToolResponse;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's tools and plugins: scope, status, instances, the plugins' dependency graph, the config schema and where discovery found them. */
@Path("/")
@ConsolePage
@ConsoleForm
@Produces(MediaType.TEXT_HTML)
public class ToolsPageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tools(Viewer viewer, String nav, Page<ToolResponse> tools, Pages pages);

        static native TemplateInstance tool(Viewer viewer, String nav, ToolResponse tool, String manifestPath,
                String schema, List<ToolInstanceResponse> instances, List<PluginResponse> plugins, String graph,
                List<DiscoveryProblem> problems);
    }

    @Inject
    ToolResource tools;

    @Inject
    PluginResource plugins;

    @Inject
    ToolInstanceService instances;

    @Inject
    CurrentUser user;

    @Inject
    ObjectMapper json;

    @Inject
    ConsoleConfig config;

    @GET
    @Path("tools")
    public TemplateInstance list(@QueryParam("page") @DefaultValue("0") int page) {
        Page<ToolResponse> shown = tools.list(PageRequest.of(page, config.pageSize()), null, null, null, null);
        return Templates.tools(Viewer.of(user), "tools", shown, Pages.of(shown, "/tools", ""));
    }

    @GET
    @Path("tool")
    public TemplateInstance tool(@QueryParam("id") int id) throws JsonProcessingException {
        ToolResponse tool = (ToolResponse) tools.get(id).getEntity();
        String manifestPath = Tool.<Tool> findByIdOptional(id).map(found -> found.discoveredFrom).orElse(null);
        List<PluginResponse> pluginList = plugins.list(id, PageRequest.of(0, PageRequest.MAX_SIZE)).items();
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        pluginList.forEach(plugin -> dependencies.put(plugin.name(),
                plugin.dependencies() == null ? List.of() : plugin.dependencies()));
        List<ToolInstanceResponse> toolInstances = instances.list(id, null, PageRequest.of(0, PageRequest.MAX_SIZE)).items();
        return Templates.tool(Viewer.of(user), "tools", tool, manifestPath, pretty(tool.configSchema()), toolInstances,
                pluginList, pluginList.isEmpty() ? null : Svg.dependencyGraph(dependencies), problemsOf(manifestPath));
    }

    /** The problems the last scan found at this tool's manifest or below its folder. */
    private static List<DiscoveryProblem> problemsOf(String manifestPath) {
        if (manifestPath == null) {
            return List.of();
        }
        String folder = manifestPath.contains("/") ? manifestPath.substring(0, manifestPath.lastIndexOf('/') + 1) : "";
        return DiscoveryRun.latest().map(DiscoveryRunResponse::from).map(DiscoveryRunResponse::problems)
                .orElse(List.of()).stream()
                .filter(problem -> problem.path().equals(manifestPath) || (!folder.isEmpty() && problem.path().startsWith(folder)))
                .toList();
    }

    private String pretty(JsonNode schema) throws JsonProcessingException {
        return schema == null || schema.isNull() ? null : json.writerWithDefaultPrettyPrinter().writeValueAsString(schema);
    }

}
