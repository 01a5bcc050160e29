package io.animus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A command line holds only the subcommands its arguments need: Picocli builds the model of every command it
 * holds at each start, so {@code --version} builds none and {@code agents list} builds the agents' commands only;
 * the usage, completion and a mistyped name still see them all.
 */
class CommandTreeTest {

    private static Set<String> subcommands(String... args) {
        return Animus.withSubcommands(new CommandLine(new Animus()), args).getSubcommands().keySet();
    }

    private static int commands(CommandLine commandLine) {
        return 1 + commandLine.getSubcommands().values().stream().mapToInt(CommandTreeTest::commands).sum();
    }

    @Test
    void aBareVersionBuildsNoSubcommand() {
        assertEquals(Set.of(), subcommands("--version"));
        assertEquals(Set.of(), subcommands("-V"));
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("agents"), subcommands("agents", "list"));
        assertEquals(Set.of("agents"), subcommands("-o", "json", "agents", "list"));
        assertEquals(Set.of("agents"), subcommands("--output", "yaml", "-v", "agents", "get", "athena"));
        assertEquals(Set.of("run"), subcommands("run", "--", "python3", "module.py"));
        assertEquals(7, commands(Animus.withSubcommands(new CommandLine(new Animus()), "agents", "list")),
                "animus, agents, and its list, get, create, update and delete");
    }

    @Test
    void withoutANamedSubcommandAllAreBuilt() {
        int all = Animus.SUBCOMMANDS.size();
        assertEquals(all, subcommands().size());
        assertEquals(all, subcommands("--help").size());
        assertEquals(all, subcommands("--version", "--help").size());
        assertEquals(all, subcommands("agnets", "list").size(), "a mistyped name gets the suggestions of every command");
        assertTrue(commands(Animus.withSubcommands(new CommandLine(new Animus()))) > 60);
    }

    @Test
    void everySubcommandIsListedOnceUnderItsOwnName() {
        List<String> names = Animus.SUBCOMMANDS.stream().map(command -> command.getAnnotation(CommandLine.Command.class).name()).toList();
        assertEquals(names.size(), Set.copyOf(names).size(), names::toString);
        assertEquals(names, List.copyOf(subcommands("--help")));
    }
}
