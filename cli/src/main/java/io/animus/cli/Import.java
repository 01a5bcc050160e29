package io.animus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code animus import}: moves an existing Animus install into the registry (admins). */
@Command(name = "import", description = "Move an existing Animus install in (admins): the installer's database, an Animus home.",
        subcommands = { ImportInstaller.class, ImportHome.class })
public class Import implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(Animus.of(spec).terminal().out());
    }
}
