package io.animus.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs {@code animus} in the test's JVM through {@code CommandLine.execute}, with captured output, a
 * given standard input, no terminal, and an environment of the test's own: a config folder of its own
 * ({@code XDG_CONFIG_HOME}) and the {@link RunningRegistry}'s URL. As a JUnit extension it starts the
 * registry once for the run and hands a fresh {@code Cli} to each test.
 */
public final class Cli implements BeforeAllCallback, ParameterResolver {

    /** What one run printed and its exit status. */
    public record Result(int status, String out, String err) {

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private RunningRegistry registry;
    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";

    public Cli() {
    }

    private Cli(RunningRegistry registry) {
        this.registry = registry;
        try {
            // under the build's folder, which a new build starts without: not one folder per test left in /tmp
            Path configs = Files.createDirectories(Path.of("target", "cli-config"));
            env.put("XDG_CONFIG_HOME", Files.createTempDirectory(configs, "animus-cli-config").toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("ANIMUS_REGISTRY_URL", registry.url());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        RunningRegistry.get(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Cli.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new Cli(RunningRegistry.get(context));
    }

    /** A command line of its own against {@code registry} (one a test started for itself). */
    public static Cli of(RunningRegistry registry) {
        return new Cli(registry);
    }

    public RunningRegistry registry() {
        return registry;
    }

    /** Sets (or, with null, removes) an environment variable of the next runs. */
    public Cli env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    /** The standard input of the next run. */
    public Cli stdin(String text) {
        stdin = text;
        return this;
    }

    public Path configFolder() {
        return Path.of(env.get("XDG_CONFIG_HOME"), "animus");
    }

    /** Runs {@code animus args...}. */
    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(Map.copyOf(env), new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null);
        stdin = "";
        int status = Animus.commandLine(terminal, args).execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    /** Signs in as the first admin (with {@code animus login}). */
    public Cli loggedIn() {
        env("ANIMUS_PASSWORD", registry.adminPassword);
        Result login = run("login", "--user", "admin");
        env("ANIMUS_PASSWORD", null);
        if (login.status() != 0) {
            throw new AssertionError("login failed: " + login);
        }
        return this;
    }
}
