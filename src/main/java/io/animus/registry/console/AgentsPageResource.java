package io.animus.registry.console;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.animus.registry.agent.AgentResponse;
import io.animus.registry.agent.AgentService;
import io.animus.registry.chat.ChatService;
import io.animus.registry.chat.ChatSession;
import io.animus.registry.config.layer.EffectiveConfiguration;
import io.animus.registry.config.layer.EffectiveConfigurations;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.tool.Tool;
import io.animus.registry.tool.ToolInstanceResponse;
import io.animus.registry.tool.ToolInstanceService;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's agents: the list the user may see, and one agent with its effective configuration, modules and chats. */
@Path("/")
@ConsolePage
@ConsoleForm
@Produces(MediaType.TEXT_HTML)
public class AgentsPageResource {

    /** One module of an agent: a tool instance with its tool's name. */
    public record Module(ToolInstanceResponse instance, String toolName) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance agents(Viewer viewer, String nav, Page<AgentResponse> agents, String name,
                Pages pages);

        static native TemplateInstance agent(Viewer viewer, String nav, AgentResponse agent,
                List<SettingRow> settings, List<Module> modules, Page<ChatSession> chats);
    }

    @Inject
    AgentService agents;

    @Inject
    EffectiveConfigurations configurations;

    @Inject
    ToolInstanceService instances;

    @Inject
    ChatService chats;

    @Inject
    CurrentUser user;

    @Inject
    ConsoleConfig config;

    @GET
    @Path("agents")
    public TemplateInstance list(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("name") String name) {
        Page<AgentResponse> shown = agents.list(new AgentService.Filter(null, null, name),
                PageRequest.of(page, config.pageSize()));
        return Templates.agents(Viewer.of(user), "agents", shown, name == null ? "" : name,
                Pages.of(shown, "/agents", name == null ? "" : "&name=" + Pages.encode(name)));
    }

    @GET
    @Path("agent")
    public TemplateInstance agent(@QueryParam("id") int id) {
        AgentResponse agent = agents.find(id).map(AgentResponse::from)
                .orElseThrow(() -> ProblemException.notFound("No agent has the id " + id));
        EffectiveConfiguration effective = configurations.resolve(id, null, null, false);
        List<ToolInstanceResponse> own = instances.list(null, id, PageRequest.of(0, PageRequest.MAX_SIZE)).items();
        Map<Integer, String> toolNames = toolNames(own.stream().map(ToolInstanceResponse::toolId).distinct().toList());
        List<Module> modules = own.stream().map(instance -> new Module(instance, toolNames.get(instance.toolId()))).toList();
        Page<ChatSession> sessions = chats.list(new ChatService.Filter(null, id), PageRequest.of(0, 20));
        return Templates.agent(Viewer.of(user), "agents", agent,
                effective.settings().stream().map(SettingRow::of).toList(), modules, sessions);
    }

    /** The names of the tools of an agent's modules (not of every tool the registry knows). */
    private static Map<Integer, String> toolNames(List<Integer> toolIds) {
        if (toolIds.isEmpty()) {
            return Map.of();
        }
        return Tool.<Tool> list("id in ?1", toolIds).stream().collect(Collectors.toMap(tool -> tool.id, tool -> tool.name));
    }

}
