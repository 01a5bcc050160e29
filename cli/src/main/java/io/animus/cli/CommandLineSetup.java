package io.animus.cli;

import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/**
 * Gives the command line Quarkus runs the subcommands its arguments need ({@link Animus#withSubcommands}) and the
 * conventions the tests run it with ({@link Animus#conventions}).
 */
@ApplicationScoped
public class CommandLineSetup {

    @Produces
    CommandLine commandLine(CommandLine.IFactory factory, @CommandLineArguments String[] args) {
        return Animus.conventions(Animus.withSubcommands(new CommandLine(Animus.class, factory), args), Terminal.system());
    }
}
