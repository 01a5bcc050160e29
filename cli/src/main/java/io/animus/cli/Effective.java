package io.animus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code animus config effective --agent A | --instance ID}: each setting with the layer it comes from
 * (System, Agent, Tool, Instance); encrypted values masked unless {@code --reveal} (admins, audited).
 */
@Command(name = "effective", description = { "The effective configuration of an agent, a tool or a tool instance:",
        "each key, its value and the layer it comes from. Secrets are masked unless --reveal." })
public class Effective implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--agent", paramLabel = "AGENT", description = "The agent (id or name).")
    String agent;

    @Option(names = "--tool", paramLabel = "TOOL", description = "The tool (id or name).")
    String tool;

    @Option(names = "--instance", paramLabel = "ID", description = "The tool instance (id or name).")
    String instance;

    @Option(names = "--reveal", description = "Show encrypted values (admins; the registry records who asked).")
    boolean reveal;

    @Override
    public void run() {
        if (agent == null && tool == null && instance == null) {
            throw new Failure(Exit.USAGE, "whose configuration? give --agent AGENT, --tool TOOL or --instance ID");
        }
        Animus animus = Animus.of(spec);
        Registry registry = Registry.connect(spec);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("agent_id", agent == null ? null : Names.agent(registry, agent));
        query.put("tool_id", tool == null ? null : Names.tool(registry, tool));
        query.put("tool_instance_id", instance == null ? null
                : Names.resolve(registry, "tool-instances", "name", null, instance, "tool instance"));
        query.put("reveal", reveal ? "true" : null);
        JsonNode effective = registry.get("configurations/effective" + Registry.query(query)).body();
        if (animus.format() != Output.Format.table) {
            Output.print(animus.terminal().out(), animus.format(), effective);
            return;
        }
        ArrayNode rows = Output.JSON.createArrayNode();
        for (JsonNode setting : effective.path("settings")) {
            rows.addObject().put("key", setting.path("key").asText())
                    .put("value", setting.path("value").isTextual() ? setting.path("value").asText() : setting.path("value").toString())
                    .put("type", setting.path("type").asText())
                    .put("layer", setting.path("layer").asText())
                    .put("source", setting.path("source").asText());
        }
        Output.print(animus.terminal().out(), animus.format(), rows);
    }
}
