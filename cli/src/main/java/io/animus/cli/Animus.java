package io.animus.cli;

import io.animus.cli.module.Export;
import io.animus.cli.module.Run;
import io.animus.cli.module.Validate;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code animus} command: the Animus Registry from a shell, one subcommand per resource of its API. */
@TopCommand
@Command(name = "animus", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = Version.class,
        description = "Work with an Animus Registry over its HTTP API.",
        footer = { "", "Exit status: 0 done, 1 failed, 2 usage or validation, 3 credentials refused, 4 registry unreachable." })
public class Animus implements Runnable {

    /**
     * The subcommands, in the order the usage lists them. They are not named in {@code @Command}: Picocli
     * builds the whole model of every command it is given at each start (about 64 commands, most of
     * {@code --version}'s time), so a command line gets only the subcommand its arguments name
     * ({@link #withSubcommands}).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(Login.class, Logout.class, Agents.class, Tools.class, ToolInstances.class,
            Plugins.class, Configurations.class, AgentConfigs.class, SystemConfig.class, EnvVars.class, Users.class, Config.class,
            Completion.class, Run.class, Export.class, Validate.class, State.class, Import.class);

    @Spec
    CommandSpec spec;

    @Option(names = { "-v", "--verbose" }, scope = ScopeType.INHERIT, description = "Show each request and its answer on standard error.")
    boolean verbose;

    @Option(names = { "-o", "--output" }, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table, json or yaml (default: table on a terminal, json otherwise).")
    Output.Format output;

    Terminal terminal = Terminal.system();

    /** A command line for these arguments over the given terminal, with the conventions of {@link #conventions}. */
    public static CommandLine commandLine(Terminal terminal, String... args) {
        return conventions(withSubcommands(new CommandLine(new Animus()), args), terminal);
    }

    /**
     * Adds to the root command the subcommands these arguments need: only the one they name (its own
     * subcommands come with it), none for a bare {@code --version}, and all of them otherwise, for the usage,
     * completion and a mistyped name's suggestions.
     */
    public static CommandLine withSubcommands(CommandLine root, String... args) {
        if (args.length > 0 && Arrays.stream(args).allMatch(arg -> arg.equals("-V") || arg.equals("--version"))) {
            return root;
        }
        String named = null;
        for (int i = 0; i < args.length && named == null; i++) {
            if (args[i].equals("-o") || args[i].equals("--output")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                named = args[i];
            }
        }
        String first = named;
        List<Class<?>> needed = SUBCOMMANDS.stream().filter(command -> name(command).equals(first)).toList();
        (needed.isEmpty() ? SUBCOMMANDS : needed).forEach(root::addSubcommand);
        return root;
    }

    /** The whole command line, every subcommand in it, of the one this command runs in (for completion). */
    static CommandLine complete(CommandSpec spec) {
        CommandLine root = spec.root().commandLine();
        if (root.getSubcommands().size() == SUBCOMMANDS.size()) {
            return root;
        }
        CommandLine whole = new CommandLine(Animus.class, root.getFactory());
        SUBCOMMANDS.forEach(whole::addSubcommand);
        return whole;
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /** Binds the command line to the terminal and maps every failure to one line on standard error and its exit status. */
    public static CommandLine conventions(CommandLine commandLine, Terminal terminal) {
        ((Animus) commandLine.getCommand()).terminal = terminal;
        return commandLine.setOut(terminal.out()).setErr(terminal.err())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((exception, failed, parsed) -> {
                    Failure failure = exception instanceof Failure known ? known
                            : new Failure(Exit.ERROR, "unexpected failure: " + exception);
                    failed.getErr().println("animus: " + failure.getMessage());
                    failure.details().forEach(detail -> failed.getErr().println("  " + detail));
                    failed.getErr().flush();
                    if (!(exception instanceof Failure) && ((Animus) failed.getCommandSpec().root().userObject()).verbose) {
                        exception.printStackTrace(failed.getErr());
                    }
                    return failure.status();
                });
    }

    /** The root command of any command, with the options every command inherits. */
    public static Animus of(CommandSpec spec) {
        return (Animus) spec.root().userObject();
    }

    public Terminal terminal() {
        return terminal;
    }

    public boolean verbose() {
        return verbose;
    }

    /** The format asked for, or the default for where the output goes. */
    public Output.Format format() {
        return output != null ? output : terminal.interactive() ? Output.Format.table : Output.Format.json;
    }

    @Override
    public void run() {
        spec.commandLine().usage(terminal.out());
    }
}
