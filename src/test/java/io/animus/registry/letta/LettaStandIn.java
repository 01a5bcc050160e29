package io.animus.registry.letta;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A Letta server for the tests: WireMock answering Letta's documented agent, tool and health paths with
 * the shapes of Letta's document (AgentState, Tool, Health), paged by {@code after} as Letta pages. Every
 * request it received can be checked against Letta's document ({@link #violations()}).
 */
public final class LettaStandIn implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A Letta agent of the stand-in. */
    public record Agent(String id, String name, String description, List<String> tools) {
    }

    final WireMockServer server;
    public final List<Agent> agents = new ArrayList<>();

    public LettaStandIn() {
        // a silent notifier: WireMock would log an unmatched request with its headers, the password among them
        server = new WireMockServer(options().dynamicPort().containerThreads(8).jettyAcceptors(1).notifier(new Notifier() {
            @Override
            public void info(String message) {
            }

            @Override
            public void error(String message) {
            }

            @Override
            public void error(String message, Throwable t) {
            }
        }));
        server.start();
    }

    public String url() {
        return "http://localhost:" + server.port();
    }

    public static String newAgentId() {
        return "agent-" + UUID.randomUUID();
    }

    public Agent add(String name, String... tools) {
        Agent agent = new Agent(newAgentId(), name, "Letta's " + name, List.of(tools));
        agents.add(agent);
        return agent;
    }

    /** Health, count and the agents' pages as they are now, {@code pageSize} per page. */
    public void serve(int pageSize) {
        server.resetMappings();
        health("0.16.1");
        server.stubFor(get(urlPathEqualTo("/v1/agents/count")).willReturn(json(String.valueOf(agents.size()))));
        for (int from = 0; from <= agents.size(); from += pageSize) {
            List<Agent> page = agents.subList(from, Math.min(agents.size(), from + pageSize));
            MappingBuilder request = get(urlPathEqualTo("/v1/agents/")).withQueryParam("after",
                    from == 0 ? absent() : equalTo(agents.get(from - 1).id()));
            server.stubFor(request.willReturn(json(page(page))));
            if (page.size() < pageSize) {
                break;
            }
        }
        for (Agent agent : agents) {
            server.stubFor(get(urlPathEqualTo("/v1/agents/" + agent.id())).willReturn(json(agentJson(agent).toString())));
        }
    }

    void health(String version) {
        server.stubFor(get(urlPathEqualTo("/v1/health/")).willReturn(json("{\"version\":\"" + version + "\",\"status\":\"ok\"}")));
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static String page(List<Agent> agents) {
        ArrayNode page = JSON.createArrayNode();
        agents.forEach(agent -> page.add(agentJson(agent)));
        return page.toString();
    }

    /** An AgentState with the fields Letta's document requires, and the tools included. */
    static ObjectNode agentJson(Agent agent) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", agent.id());
        node.put("name", agent.name());
        node.put("description", agent.description());
        node.put("system", "You are " + agent.name());
        node.put("agent_type", "memgpt_v2_agent");
        node.put("created_at", "2026-11-01T10:00:00Z");
        node.put("updated_at", "2026-12-01T10:00:00.123456");
        node.putObject("llm_config").put("model", "gpt-4o-mini").put("model_endpoint_type", "openai").put("context_window", 128000);
        node.putObject("memory").putArray("blocks");
        node.putArray("blocks");
        ArrayNode tools = node.putArray("tools");
        for (String tool : agent.tools()) {
            tools.addObject().put("id", "tool-" + UUID.nameUUIDFromBytes(tool.getBytes())).put("name", tool).put("tool_type", "custom");
        }
        node.putArray("sources");
        node.putArray("tags");
        return node;
    }

    /** Every request received that Letta's document does not allow. */
    public List<String> violations() {
        List<String> problems = new ArrayList<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            problems.addAll(LettaDocument.violations(event.getRequest()));
        }
        return problems;
    }

    int requests() {
        return server.getAllServeEvents().size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
