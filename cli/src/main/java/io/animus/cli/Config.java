package io.animus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code animus config}: the configuration as the layers resolve it. */
@Command(name = "config", description = "The configuration as the layers resolve it.", subcommands = { Effective.class })
public class Config implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(Animus.of(spec).terminal().out());
    }
}
