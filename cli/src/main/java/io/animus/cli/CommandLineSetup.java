package io.animus.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** Gives the command line Quarkus runs the conventions the tests run it with ({@link Animus#conventions}). */
@ApplicationScoped
public class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return Animus.conventions(factory.create(), Terminal.system());
    }
}
