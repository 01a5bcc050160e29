package io.animus.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code animus state}: the registry as one file. {@code export} writes it, {@code plan} shows what
 * applying a file would change, {@code apply} shows the same plan, asks, and applies exactly that plan
 * (the registry refuses it when it changed in between). Secrets in the file are resolved here.
 */
@Command(name = "state", description = "The registry's state as one file (admins): export, plan, apply.",
        subcommands = { State.Export.class, State.Plan.class, State.Apply.class })
public class State implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(Animus.of(spec).terminal().out());
    }

    /** {@code animus state export [-f FILE]}: YAML, or JSON with {@code -o json}. */
    @Command(name = "export", description = "Write the registry's state as YAML (JSON with -o json), to standard output or -f FILE.")
    static class Export implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = { "-f", "--file" }, paramLabel = "FILE", description = "Write to this file instead of standard output.")
        Path file;

        @Override
        public void run() {
            Animus animus = Animus.of(spec);
            JsonNode document = Registry.connect(spec).get("state").body();
            String text = animus.output == Output.Format.json ? document.toPrettyString() + "\n" : StateDocument.yaml(document);
            if (file == null) {
                animus.terminal().out().print(text);
                animus.terminal().out().flush();
                return;
            }
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new Failure(Exit.USAGE, "cannot write " + file + ": " + e.getMessage());
            }
            animus.terminal().err().println("State written to " + file);
            animus.terminal().err().flush();
        }
    }

    /** {@code animus state plan -f FILE [--prune]}: what an apply would do; writes nothing. */
    @Command(name = "plan", description = "Show what applying FILE would create, change and (with --prune) delete; writes nothing.")
    static class Plan implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = { "-f", "--file" }, required = true, paramLabel = "FILE", description = "The state document (YAML or JSON).")
        Path file;

        @Option(names = "--prune", description = "Also delete what the file leaves out (users are never deleted).")
        boolean prune;

        @Override
        public void run() {
            Terminal terminal = Animus.of(spec).terminal();
            JsonNode plan = plan(Registry.connect(spec), terminal, file, prune).plan();
            PlanPrinter.print(terminal.out(), plan);
        }
    }

    /** {@code animus state apply -f FILE [--prune] [--yes]}: the plan, a confirmation, then the apply of that plan. */
    @Command(name = "apply", description = { "Show the plan of FILE, ask, and apply it in one transaction (all or nothing).",
            "Without a terminal, --yes is needed." })
    static class Apply implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = { "-f", "--file" }, required = true, paramLabel = "FILE", description = "The state document (YAML or JSON).")
        Path file;

        @Option(names = "--prune", description = "Also delete what the file leaves out (users are never deleted).")
        boolean prune;

        @Option(names = { "-y", "--yes" }, description = "Apply without asking.")
        boolean yes;

        @Override
        public void run() {
            Terminal terminal = Animus.of(spec).terminal();
            Registry registry = Registry.connect(spec);
            Planned planned = plan(registry, terminal, file, prune);
            PlanPrinter.print(terminal.out(), planned.plan());
            if (PlanPrinter.isEmpty(planned.plan())) {
                terminal.out().println("Nothing to apply.");
                terminal.out().flush();
                return;
            }
            terminal.confirm("Apply this plan to " + registry.url() + "?", yes);
            JsonNode applied = apply(registry, planned, prune);
            JsonNode summary = applied.path("summary");
            terminal.out().println("Applied: " + summary.path("create").asInt() + " created, " + summary.path("update").asInt()
                    + " changed, " + summary.path("delete").asInt() + " deleted.");
            terminal.out().flush();
        }
    }

    /** A plan and the document (secrets resolved) it was made for. */
    record Planned(ObjectNode document, JsonNode plan) {
    }

    static Planned plan(Registry registry, Terminal terminal, Path file, boolean prune) {
        ObjectNode document = StateDocument.read(file);
        Path folder = file.toAbsolutePath().getParent();
        return plan(registry, StateDocument.resolveSecrets(document, terminal.env(), folder), prune);
    }

    static Planned plan(Registry registry, ObjectNode resolved, boolean prune) {
        JsonNode plan = registry.call("POST", "state/plan" + (prune ? "?prune=true" : ""), resolved, "application/json", null).body();
        return new Planned(resolved, plan);
    }

    /** Applies the plan that was shown; a registry changed since refuses it. */
    static JsonNode apply(Registry registry, Planned planned, boolean prune) {
        ObjectNode body = Output.JSON.createObjectNode();
        body.set("document", planned.document());
        body.put("digest", planned.plan().path("digest").asText());
        try {
            return registry.call("POST", "state/apply" + (prune ? "?prune=true" : ""), body, "application/json", null).body();
        } catch (Failure refused) {
            if (refused.getMessage().contains("changed since the plan")) {
                throw new Failure(Exit.ERROR, "the registry changed since the plan was shown; nothing was applied: run the command again to see the new plan");
            }
            throw refused;
        }
    }
}
