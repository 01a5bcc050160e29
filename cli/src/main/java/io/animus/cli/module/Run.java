package io.animus.cli.module;

import io.animus.cli.Animus;
import io.animus.cli.Exit;
import io.animus.cli.Failure;
import io.animus.cli.Registry;
import io.animus.cli.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code animus run -- CMD ARGS...}: starts a module with its configuration as environment variables,
 * with no change to the module. The configuration is read with the module key, then long-polled; on a
 * change the module is restarted (SIGTERM, a grace period, SIGKILL), sent a signal, or left alone.
 * TERM, INT, HUP, USR1 and USR2 sent to {@code animus} reach the module; {@code animus} ends with the
 * module's exit status. No value is ever printed, and neither the key nor its file's path reach the module.
 */
@Command(name = "run", description = { "Run a command with its module's configuration as environment variables.",
        "The configuration is read with the module key (ANIMUS_MODULE_KEY, ANIMUS_MODULE_KEY_FILE or --key-file) and",
        "followed: on a change the command is restarted, signalled, or left alone (--on-change).",
        "Example: animus run --on-change restart -- python3 broca.py" },
        footer = { "", "Exit status: the command's own; 2 usage, 3 the module key refused (revoked), 4 the registry unreachable",
                "with no fallback; 1 any other failure." })
public class Run implements Callable<Integer> {

    /** The variables a child never inherits: the module key, its file, an administrator's token and password. */
    static final List<String> WITHHELD = List.of(ModuleKey.KEY_VARIABLE, ModuleKey.FILE_VARIABLE, "ANIMUS_TOKEN", "ANIMUS_PASSWORD");

    /** The signals forwarded to the child, where this JVM lets them be handled. */
    static final List<String> FORWARDED = List.of("TERM", "INT", "HUP", "USR1", "USR2");

    /** The signals a change may send with {@code --on-change signal:NAME}. */
    static final List<String> SENDABLE = List.of("HUP", "TERM", "INT", "USR1", "USR2", "QUIT", "WINCH");

    @Spec
    CommandSpec spec;

    @Mixin
    ModuleKey moduleKey;

    @Option(names = "--on-change", paramLabel = "ACTION", defaultValue = "restart",
            description = "restart (default), signal:NAME (signal:HUP, signal:USR1, ...) or none.")
    String onChange;

    @Option(names = "--fallback", description = { "Keep the last configuration received, encrypted with a key derived from the module key,",
            "and start with it when the registry cannot be reached." })
    boolean fallback;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long a restart waits after SIGTERM before SIGKILL (default 10).")
    int graceSeconds;

    @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "55",
            description = "How long each long poll for a change is held by the registry, 1 to 300 (default 55).")
    int pollSeconds;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments, after --.")
    List<String> command;

    private sealed interface Event permits Exited, Changed, Refused {
    }

    private record Exited(Process process, int status) implements Event {
    }

    private record Changed(ModuleConfiguration configuration) implements Event {
    }

    private record Refused(Failure failure) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile Process child;
    private volatile boolean ending;
    private volatile boolean polling = true;
    private PrintWriter err;
    private Terminal terminal;

    @Override
    public Integer call() {
        terminal = Animus.of(spec).terminal();
        err = terminal.err();
        String action = action(onChange);
        if (graceSeconds < 0) {
            throw new Failure(Exit.USAGE, "--grace must be 0 or more seconds");
        }
        if (pollSeconds < 1 || pollSeconds > 300) {
            throw new Failure(Exit.USAGE, "--poll must be from 1 to 300 seconds");
        }
        String key = moduleKey.read(terminal);
        Registry registry = Registry.withModuleKey(spec, key);
        Fallback kept = fallback ? Fallback.of(terminal, key) : null;
        ModuleConfiguration configuration;
        boolean reachable = true;
        try {
            configuration = ModuleConfiguration.fetch(registry);
        } catch (Failure failure) {
            if (failure.status() == Exit.REFUSED && kept != null) {
                kept.delete();
            }
            // unreachable, or reachable but failing (a 503 while its database is away): the fallback's case
            if (failure.status() != Exit.UNREACHABLE && failure.status() != Exit.ERROR) {
                throw failure;
            }
            if (kept == null) {
                throw new Failure(failure.status(), failure.getMessage() + " (with --fallback, the last configuration received is used)");
            }
            Fallback.Stored stored = kept.load();
            String why = failure.status() == Exit.UNREACHABLE ? "the registry at " + registry.url() + " cannot be reached"
                    : "the registry at " + registry.url() + " did not give the configuration (" + failure.getMessage() + ")";
            if (stored == null) {
                throw new Failure(failure.status(), why + " and no fallback configuration is kept for this module key (" + kept.file()
                        + "): start once while the registry answers");
            }
            err.println("animus: " + why + ": starting with the fallback configuration received at " + stored.receivedAt()
                    + " (version " + stored.configuration().etag() + ")");
            err.flush();
            configuration = stored.configuration();
            reachable = false;
        }
        if (reachable) {
            keep(kept, configuration, registry);
        }
        forwardSignals();
        Thread poller = new Thread(pollLoop(registry, configuration.etag(), reachable), "animus-poll");
        poller.setDaemon(true);
        try {
            start(configuration);
            poller.start();
            return supervise(registry, kept, configuration, action);
        } finally {
            polling = false;
            Process left = child;
            if (left != null && left.isAlive()) {
                left.destroyForcibly();
            }
        }
    }

    private int supervise(Registry registry, Fallback kept, ModuleConfiguration configuration, String action) {
        while (true) {
            Event event;
            try {
                event = events.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure(Exit.ERROR, "interrupted");
            }
            if (event instanceof Exited exited) {
                if (exited.process() == child) {
                    return exited.status();
                }
            } else if (event instanceof Changed changed) {
                configuration = changed.configuration();
                keep(kept, configuration, registry);
                if (ending) {
                    continue;
                }
                String version = "version " + configuration.etag();
                if (action.equals("restart")) {
                    say("the configuration changed (" + version + "): restarting " + command.get(0));
                    Process old = child;
                    int status = stop(old);
                    if (ending) {
                        return status;
                    }
                    start(configuration);
                } else if (action.equals("none")) {
                    say("the configuration changed (" + version + "): " + command.get(0) + " keeps the one it started with (--on-change none)");
                } else {
                    say("the configuration changed (" + version + "): sending SIG" + action + " to " + command.get(0));
                    signal(child, action);
                }
            } else if (event instanceof Refused refused) {
                say("the registry refused the module key (revoked or deleted): stopping " + command.get(0)
                        + "; ask an administrator for a new key");
                if (kept != null) {
                    kept.delete();
                }
                stop(child);
                return Exit.REFUSED;
            }
        }
    }

    /** Keeps the configuration for a start without the registry; a failure to is said, and does not stop the module. */
    private void keep(Fallback kept, ModuleConfiguration configuration, Registry registry) {
        if (kept == null) {
            return;
        }
        try {
            kept.save(configuration, registry.url());
        } catch (Failure failure) {
            say(failure.getMessage());
        }
    }

    /** {@code restart}, {@code none}, or the name of the signal of {@code signal:NAME}. */
    static String action(String given) {
        String value = given.strip();
        if (value.equalsIgnoreCase("restart") || value.equalsIgnoreCase("none")) {
            return value.toLowerCase(Locale.ROOT);
        }
        if (value.regionMatches(true, 0, "signal:", 0, 7)) {
            String name = value.substring(7).toUpperCase(Locale.ROOT);
            name = name.startsWith("SIG") ? name.substring(3) : name;
            if (SENDABLE.contains(name)) {
                return name;
            }
        }
        throw new Failure(Exit.USAGE, "--on-change " + given + " is not an action: give restart, none or signal:NAME (NAME one of "
                + String.join(", ", SENDABLE) + ")");
    }

    /** The child's environment: the inherited one without the key and admin credentials, then the configuration. */
    static Map<String, String> environment(Map<String, String> inherited, ModuleConfiguration configuration, Map<String, String> into) {
        into.clear();
        into.putAll(inherited);
        WITHHELD.forEach(into::remove);
        into.putAll(configuration.variables());
        return into;
    }

    private void start(ModuleConfiguration configuration) {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        environment(terminal.env(), configuration, builder.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new Failure(Exit.USAGE, "cannot start " + command.get(0) + " (" + e.getMessage() + "): check the command after --");
        }
        child = process;
        process.onExit().thenAccept(ended -> events.add(new Exited(ended, ended.exitValue())));
    }

    /** SIGTERM, the grace period, then SIGKILL (to the child's descendants too); its exit status. */
    private int stop(Process process) {
        if (process == null) {
            return Exit.ERROR;
        }
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                say(command.get(0) + " did not end within " + graceSeconds + " s of SIGTERM: killing it");
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    /** Sends a signal by name to the process, through the shell's kill (the JDK sends only TERM and KILL). */
    private void signal(Process process, String name) {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (name.equals("TERM")) {
            process.destroy();
            return;
        }
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s \"$0\" \"$1\"", name, String.valueOf(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                say("could not send SIG" + name + " to " + command.get(0));
            }
        } catch (IOException e) {
            say("could not send SIG" + name + " to " + command.get(0) + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Handles each forwardable signal this JVM allows by sending it on to the current child. */
    private void forwardSignals() {
        List<String> refused = new ArrayList<>();
        for (String name : FORWARDED) {
            try {
                Signal.handle(new Signal(name), received -> {
                    if (name.equals("TERM") || name.equals("INT")) {
                        ending = true;
                    }
                    signal(child, name);
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                refused.add(name);
            }
        }
        if (!refused.isEmpty() && Animus.of(spec).verbose()) {
            say("not forwarded (the runtime keeps them): SIG" + String.join(", SIG", refused));
        }
    }

    private Runnable pollLoop(Registry registry, String firstVersion, boolean reachableAtStart) {
        return () -> {
            String version = firstVersion;
            boolean down = !reachableAtStart;
            long backoff = 1000;
            String path = ModuleConfiguration.PATH + "?wait=" + pollSeconds;
            while (polling) {
                try {
                    Registry.Answer answer = registry.conditionalGet(path, version, Duration.ofSeconds(pollSeconds + 15L));
                    if (down) {
                        say("the registry at " + registry.url() + " answers again");
                        down = false;
                    }
                    backoff = 1000;
                    if (answer.status() == 200) {
                        ModuleConfiguration next = ModuleConfiguration.of(answer.etag(), answer.body());
                        if (!Objects.equals(next.etag(), version)) {
                            version = next.etag();
                            events.add(new Changed(next));
                        }
                    }
                } catch (Failure failure) {
                    if (failure.status() == Exit.REFUSED) {
                        events.add(new Refused(failure));
                        return;
                    }
                    if (!down) {
                        say(failure.getMessage() + "; " + command.get(0) + " keeps its configuration, and changes are looked for again");
                        down = true;
                    }
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException e) {
                        return;
                    }
                    backoff = Math.min(backoff * 2, 30_000);
                } catch (RuntimeException unexpected) {
                    say("the watch for changes failed (" + unexpected + "): " + command.get(0) + " keeps its configuration");
                    return;
                }
            }
        };
    }

    private void say(String line) {
        synchronized (err) {
            err.println("animus: " + line);
            err.flush();
        }
    }
}
