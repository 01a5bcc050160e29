package io.animus.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code animus completion bash}: the shell completion script picocli derives from the commands. */
@Command(name = "completion", description = { "Print the completion script of a shell.",
        "Use: source <(animus completion bash)" })
public class Completion implements Runnable {

    /** The shells this command can complete for. */
    public enum Shell {
        bash
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash (also read by zsh with bashcompinit)")
    Shell shell;

    @Override
    public void run() {
        Terminal terminal = Animus.of(spec).terminal();
        terminal.out().print(AutoComplete.bash("animus", Animus.complete(spec)));
        terminal.out().flush();
    }
}
