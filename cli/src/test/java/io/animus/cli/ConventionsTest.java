package io.animus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The conventions every command follows: help, version, completion, --verbose, and the exit statuses of usage and unreachable registries. */
@ExtendWith(Cli.class)
class ConventionsTest {

    @Test
    void helpNamesTheCommandsAndTheExitStatuses(Cli cli) {
        Cli.Result help = cli.run("--help");
        assertEquals(0, help.status(), help::toString);
        assertTrue(help.out().contains("agents") && help.out().contains("tool-instances") && help.out().contains("login"), help::toString);
        assertTrue(help.out().replaceAll("\\s+", " ").contains("4 registry unreachable"), help::toString);
        Cli.Result sub = cli.run("agents", "update", "--help");
        assertEquals(0, sub.status(), sub::toString);
        assertTrue(sub.out().contains("--set"), sub::toString);
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
        assertTrue(bash.out().contains("complete -F") && bash.out().contains("tool-instances"), "a bash completion script");
        Cli.Result fish = cli.run("completion", "fish");
        assertEquals(Exit.USAGE, fish.status(), fish::toString);
    }

    @Test
    void aWrongCommandLineIsUsage(Cli cli) {
        Cli.Result unknown = cli.run("agents", "list", "--no-such-option");
        assertEquals(Exit.USAGE, unknown.status(), unknown::toString);
        assertTrue(unknown.err().contains("--no-such-option"), unknown::toString);
        Cli.Result typo = cli.run("agnets", "list");
        assertEquals(Exit.USAGE, typo.status(), typo::toString);
        assertTrue(typo.err().contains("agents"), "the suggestion of the command meant: " + typo);
        assertEquals(Exit.USAGE, cli.run("no-such-command").status());
        assertEquals(Exit.USAGE, cli.run("agents", "list", "--output", "xml").status());
    }

    @Test
    void anUnreachableRegistryIs4WithOneLineSayingWhatToDo(Cli cli) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Cli.Result result = cli.env("ANIMUS_REGISTRY_URL", "http://localhost:" + closed).env("ANIMUS_TOKEN", "whatever").run("agents", "list");
        assertEquals(Exit.UNREACHABLE, result.status(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("animus: cannot reach the registry at http://localhost:" + closed), result::toString);
        assertTrue(result.err().contains("ANIMUS_REGISTRY_URL"), result::toString);

        Cli.Result reachable = cli.env("ANIMUS_TOKEN", null).env("ANIMUS_REGISTRY_URL", cli.registry().url()).loggedIn()
                .run("agents", "list");
        assertEquals(0, reachable.status(), reachable::toString);
    }

    @Test
    void aUrlThatIsNotHttpIsUsage(Cli cli) {
        Cli.Result result = cli.env("ANIMUS_REGISTRY_URL", "localhost:8080").env("ANIMUS_TOKEN", "x").run("agents", "list");
        assertEquals(Exit.USAGE, result.status(), result::toString);
        assertTrue(result.err().contains("http://"), result::toString);
    }

    @Test
    void verboseShowsEachRequestOnStandardErrorAndOtherwiseNothing(Cli cli) {
        cli.loggedIn();
        Cli.Result verbose = cli.run("tools", "list", "--verbose");
        assertEquals(0, verbose.status(), verbose::toString);
        assertTrue(verbose.err().contains("> GET " + cli.registry().url() + "/api/v1/tools?page=0&size=100"), verbose::toString);
        assertTrue(verbose.err().contains("< 200"), verbose::toString);
        Cli.Result quiet = cli.run("tools", "list");
        assertEquals(0, quiet.status(), quiet::toString);
        assertFalse(quiet.err().contains("> GET"), quiet::toString);
    }
}
