package io.animus.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code animus import home DIR}: each agent folder's {@code .env} and {@code settings.json} (both
 * layouts, see {@link AgentHome}) into that agent's settings, as a plan first: keys that look secret are
 * stored encrypted (and shown so), a key longer than the registry takes is a problem, an agent the
 * registry does not have is skipped. The plan is the registry's own, of its exported state with these
 * settings put in, so that what is there already is no change.
 */
@Command(name = "home", description = { "Import an Animus home's agent folders (.env, settings.json) as agent settings, plan first.",
        "Keys that look secret (KEY, TOKEN, SECRET, PASSWORD, PASS, HASH, CREDENTIAL) are stored encrypted." })
public class ImportHome implements Runnable {

    /** The longest setting key the registry keeps (agent_configs.config_key). */
    static final int MAX_KEY = 100;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The Animus home (e.g. ~/animus).")
    Path home;

    @Option(names = "--dry-run", description = "Show the plan; write nothing.")
    boolean dryRun;

    @Option(names = { "-y", "--yes" }, description = "Apply without asking.")
    boolean yes;

    @Override
    public void run() {
        Terminal terminal = Animus.of(spec).terminal();
        List<String> problems = new ArrayList<>();
        List<AgentHome.AgentFolder> folders = AgentHome.read(home, problems);
        Registry registry = Registry.connect(spec);
        ObjectNode document = (ObjectNode) registry.get("state").body();
        Map<String, ObjectNode> agents = new HashMap<>();
        document.path("agents").forEach(agent -> agents.put(agent.path("letta_uid").asText(), (ObjectNode) agent));
        int read = 0;
        for (AgentHome.AgentFolder folder : folders) {
            ObjectNode agent = agents.get(folder.lettaUid());
            if (agent == null) {
                problems.add("! " + folder.folder() + ": the registry has no agent with letta_uid " + folder.lettaUid()
                        + " (import the installer's database first); skipped");
                continue;
            }
            ArrayNode settings = agent.has("settings") && agent.get("settings").isArray() ? (ArrayNode) agent.get("settings") : agent.putArray("settings");
            for (AgentHome.Setting setting : folder.settings().values()) {
                if (setting.key().length() > MAX_KEY) {
                    problems.add("! " + setting.source() + ": the key " + setting.key().substring(0, 40) + "... is longer than the "
                            + MAX_KEY + " characters the registry keeps; skipped");
                    continue;
                }
                put(settings, setting);
                read++;
            }
        }
        problems.forEach(terminal.out()::println);
        terminal.out().println(read + " setting(s) read from " + folders.size() + " agent folder(s) of " + home + ".");
        State.Planned planned = State.plan(registry, document, false);
        PlanPrinter.print(terminal.out(), planned.plan());
        if (dryRun) {
            terminal.out().println("Dry run: nothing was written.");
        } else if (PlanPrinter.isEmpty(planned.plan())) {
            terminal.out().println("Nothing to apply.");
        } else {
            terminal.out().flush();
            terminal.confirm("Apply this plan to " + registry.url() + "?", yes);
            JsonNode applied = State.apply(registry, planned, false);
            terminal.out().println("Applied: " + applied.path("summary").path("create").asInt() + " created, "
                    + applied.path("summary").path("update").asInt() + " changed.");
        }
        terminal.out().flush();
    }

    /** Puts the setting in the agent's list, replacing the one of the same key; a secret as a new secret (compared, not shown). */
    private static void put(ArrayNode settings, AgentHome.Setting setting) {
        ObjectNode entry = null;
        for (JsonNode existing : settings) {
            if (setting.key().equals(existing.path("key").asText())) {
                entry = (ObjectNode) existing;
            }
        }
        if (entry == null) {
            entry = settings.addObject().put("key", setting.key());
        }
        if (setting.secret() && setting.value() != null) {
            entry.putObject("value").putObject("secret").put("value", setting.value());
        } else {
            entry.put("value", setting.value());
        }
        entry.put("type", setting.type());
    }
}
