package io.animus.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code animus import installer FILE.db}: the installer's users (their bcrypt hashes kept, so every
 * password keeps working) and agents (visibility by user mapped to the imported users) into the
 * registry. A username or letta_uid the registry has is a conflict: listed, skipped, and replaced only
 * with {@code --overwrite} (never a password hash). The installer's {@code admin} is the registry's own
 * admin, which stays as it is. Rows the registry cannot take are listed and skipped; the rest is imported.
 */
@Command(name = "installer", description = { "Import the installer's database (sanctum_ui.db): users with their passwords, agents with their visibility.",
        "Conflicts (a username or letta_uid already present) are listed and skipped unless --overwrite." })
public class ImportInstaller implements Runnable {

    /** The installer's first user, which is the registry's own first admin. */
    static final String ADMIN = "admin";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.db", description = "The installer's SQLite database.")
    Path file;

    @Option(names = "--dry-run", description = "Show what would be imported; write nothing.")
    boolean dryRun;

    @Option(names = "--overwrite", description = "Replace the users (email, role, activity; never the password) and agents that conflict.")
    boolean overwrite;

    @Override
    public void run() {
        Terminal terminal = Animus.of(spec).terminal();
        InstallerDatabase installer = InstallerDatabase.read(file);
        Registry registry = Registry.connect(spec);
        JsonNode current = registry.get("state").body();
        Set<String> usernames = keys(current.path("users"), "username");
        Set<String> agentUids = new HashSet<>();
        Map<String, String> agentNames = new HashMap<>();
        for (JsonNode agent : current.path("agents")) {
            agentUids.add(agent.path("letta_uid").asText());
            if (agent.hasNonNull("name")) {
                agentNames.put(agent.path("name").asText(), agent.path("letta_uid").asText());
            }
        }

        List<String> notes = new ArrayList<>();
        installer.problems.forEach(problem -> notes.add("! " + problem + " (skipped)"));
        Map<Long, String> nameOfId = new HashMap<>();
        List<InstallerDatabase.User> toImport = new ArrayList<>();
        for (InstallerDatabase.User user : installer.users) {
            nameOfId.put(user.id(), user.username());
            if (user.username().equalsIgnoreCase(ADMIN)) {
                notes.add("= user " + user.username() + ": the registry's own admin, which stays as it is");
            } else if (usernames.contains(user.username().toLowerCase(Locale.ROOT)) && !overwrite) {
                notes.add("= user " + user.username() + ": conflict, the registry has this username (skipped; --overwrite replaces it)");
            } else {
                toImport.add(user);
            }
        }

        ArrayNode agents = Output.JSON.createArrayNode();
        for (InstallerDatabase.Agent agent : installer.agents) {
            String owner = agent.name() == null ? null : agentNames.get(agent.name());
            if (agentUids.contains(agent.letta_uid()) && !overwrite) {
                notes.add("= agent " + agent.letta_uid() + ": conflict, the registry has this letta_uid (skipped; --overwrite replaces it)");
            } else if (owner != null && !owner.equals(agent.letta_uid())) {
                notes.add("= agent " + agent.letta_uid() + ": conflict, the registry's agent " + owner + " has the name '" + agent.name() + "' (skipped)");
            } else {
                agents.add(agentEntry(agent, nameOfId, notes));
            }
        }

        notes.forEach(terminal.out()::println);
        ObjectNode users = Output.JSON.createObjectNode();
        ArrayNode accounts = users.putArray("users");
        users.put("overwrite", overwrite);
        toImport.forEach(user -> accounts.addObject().put("username", user.username()).put("email", user.email()).put("role", user.role())
                .put("is_active", user.active()).put("bcrypt_hash", user.passwordHash()));

        if (dryRun) {
            ObjectNode document = Output.JSON.createObjectNode().put("version", 1);
            ArrayNode declared = document.putArray("users");
            toImport.forEach(user -> declared.addObject().put("username", user.username()).put("email", user.email()).put("role", user.role())
                    .put("is_active", user.active()));
            document.set("agents", agents);
            PlanPrinter.print(terminal.out(), State.plan(registry, document, false).plan());
            terminal.out().println("Dry run: nothing was imported (users would keep their passwords).");
            terminal.out().flush();
            return;
        }
        JsonNode imported = registry.call("POST", "users/import", users, "application/json", null).body();
        terminal.out().println("Users: " + imported.path("created").size() + " created, " + imported.path("updated").size() + " updated, "
                + imported.path("skipped").size() + " skipped.");
        for (JsonNode skipped : imported.path("skipped")) {
            terminal.out().println("= user " + skipped.path("username").asText() + ": " + skipped.path("reason").asText() + " (skipped)");
        }
        ObjectNode document = Output.JSON.createObjectNode().put("version", 1);
        document.set("agents", agents);
        State.Planned planned = State.plan(registry, document, false);
        PlanPrinter.print(terminal.out(), planned.plan());
        if (!PlanPrinter.isEmpty(planned.plan())) {
            JsonNode applied = State.apply(registry, planned, false);
            terminal.out().println("Agents: " + applied.path("summary").path("create").asInt() + " created, "
                    + applied.path("summary").path("update").asInt() + " updated.");
        } else {
            terminal.out().println("Agents: nothing to change.");
        }
        terminal.out().flush();
    }

    /** The agent as a state entry, its visibility by the imported users' names; an id of no imported user is left out, noted. */
    private static ObjectNode agentEntry(InstallerDatabase.Agent agent, Map<Long, String> nameOfId, List<String> notes) {
        ObjectNode entry = Output.JSON.createObjectNode().put("letta_uid", agent.letta_uid()).put("name", agent.name())
                .put("description", agent.description()).put("status", agent.status()).put("is_active", agent.active());
        entry.set("config", agent.config());
        if (agent.visibleToUsers() == null) {
            entry.putNull("visible_to_users");
        } else {
            ArrayNode names = entry.putArray("visible_to_users");
            for (long id : agent.visibleToUsers()) {
                String name = nameOfId.get(id);
                if (name == null) {
                    notes.add("! agent " + agent.letta_uid() + ": visible_to_users names user #" + id + ", which was not imported (left out)");
                } else {
                    names.add(name.equalsIgnoreCase(ADMIN) ? ADMIN : name);
                }
            }
        }
        if (agent.visibleToRoles() == null) {
            entry.putNull("visible_to_roles");
        } else {
            ArrayNode roles = entry.putArray("visible_to_roles");
            agent.visibleToRoles().forEach(roles::add);
        }
        return entry;
    }

    private static Set<String> keys(JsonNode list, String field) {
        Set<String> keys = new HashSet<>();
        list.forEach(entry -> keys.add(entry.path(field).asText().toLowerCase(Locale.ROOT)));
        return keys;
    }
}
