package io.animus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The conventions every command follows: help, version, completion, and the exit status of a wrong command line. */
@ExtendWith(Cli.class)
class ConventionsTest {

    @Test
    void helpNamesTheCommandsAndTheExitStatuses(Cli cli) {
        Cli.Result help = cli.run("--help");
        assertEquals(0, help.status(), help::toString);
        assertTrue(help.out().contains("completion") && help.out().contains("--verbose"), help::toString);
        assertTrue(help.out().replaceAll("\\s+", " ").contains("4 registry unreachable"), help::toString);
        Cli.Result sub = cli.run("completion", "--help");
        assertEquals(0, sub.status(), sub::toString);
        assertTrue(sub.out().contains("SHELL") && sub.out().contains("--verbose"), "inherited options: " + sub);
    }

    @Test
    void versionIsTheBuildsVersion(Cli cli) {
        Cli.Result version = cli.run("--version");
        assertEquals(0, version.status(), version::toString);
        assertTrue(version.out().matches("animus \\d+\\.\\d+\\.\\d+.*\\n"), version::toString);
    }

    @Test
    void completionForBashAndNotForAnUnknownShell(Cli cli) {
        Cli.Result bash = cli.run("completion", "bash");
        assertEquals(0, bash.status(), bash::toString);
        assertTrue(bash.out().contains("complete -F") && bash.out().contains("completion"), "a bash completion script");
        Cli.Result fish = cli.run("completion", "fish");
        assertEquals(Exit.USAGE, fish.status(), fish::toString);
    }

    @Test
    void aWrongCommandLineIsUsage(Cli cli) {
        Cli.Result unknown = cli.run("completion", "bash", "--no-such-option");
        assertEquals(Exit.USAGE, unknown.status(), unknown::toString);
        assertTrue(unknown.err().contains("--no-such-option"), unknown::toString);
        assertEquals(Exit.USAGE, cli.run("no-such-command").status());
        assertEquals(Exit.USAGE, cli.run("--output", "xml", "completion", "bash").status());
    }
}
