package io.animus.cli.module;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.animus.cli.Animus;
import io.animus.cli.Output;
import io.animus.cli.Registry;
import io.animus.cli.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code animus export --format dotenv|json}: a module's configuration, read with its module key, as
 * the environment variables {@code animus run} would give it. It prints the values (secrets included):
 * that is what it is asked for; redirect it to a file of mode 0600.
 */
@Command(name = "export", description = { "Print a module's configuration (read with its module key) as dotenv or JSON.",
        "Values are printed as they are, secrets included: write them to a private file, e.g.",
        "(umask 077; animus export --format dotenv > module.env)" })
public class Export implements Runnable {

    /** The formats of the export. */
    public enum Format {
        dotenv, json
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ModuleKey moduleKey;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "dotenv", description = "dotenv (default) or json.")
    Format format;

    @Override
    public void run() {
        Terminal terminal = Animus.of(spec).terminal();
        ModuleConfiguration configuration = ModuleConfiguration.fetch(Registry.withModuleKey(spec, moduleKey.read(terminal)));
        if (format == Format.dotenv) {
            terminal.out().print(configuration.dotenv());
        } else {
            try {
                terminal.out().println(Output.JSON.writeValueAsString(configuration.json()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a map of strings is always serializable", e);
            }
        }
        terminal.out().flush();
    }
}
