package io.animus.registry.discovery.smcp;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one plugin's {@code cli.py --describe} as SMCP does, but bounded: an argument list (no shell),
 * the configured interpreter, the plugin's folder as working directory, an environment of a few
 * harmless variables only (never the registry's), no input, a time limit and a cap on what it prints.
 * A process that outlives its time or prints past the cap is killed with every process it started.
 * <p>
 * Where {@code setsid} exists (util-linux, on every Linux host and in the images), the plugin runs as the
 * leader of a process group of its own, and whatever of that group is left when it ends (or is stopped)
 * is killed too: a background child it did not wait for, even one that its parent's death handed over to
 * init, which {@link Process#descendants()} no longer sees. Such a child cannot hold the plugin's output
 * open either: the group is ended as soon as the plugin exits, so the output ends with it. (A child that
 * starts a session of its own has left on purpose; nothing here follows it.)
 */
final class DescribeProcess {

    /** What one run gave: the printed text, or why there is none. */
    record Outcome(String output, String failure) {
        static Outcome failed(String failure) {
            return new Outcome(null, failure);
        }
    }

    /** The variables a describing plugin gets; everything else of the registry's environment is left out. */
    private static final List<String> PASSED_ON = List.of("PATH", "LANG", "LC_ALL", "TZ");
    private static final File NO_INPUT = new File("/dev/null");
    /** {@code setsid}, which starts the plugin as the leader of a process group of its own; absent: no group. */
    private static final Optional<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid").stream()
            .filter(path -> Files.isExecutable(Path.of(path))).findFirst();

    private final String python;
    private final Duration timeout;
    private final long maxOutput;
    private final ExecutorService readers;

    DescribeProcess(String python, Duration timeout, long maxOutput, ExecutorService readers) {
        this.python = python;
        this.timeout = timeout;
        this.maxOutput = maxOutput;
        this.readers = readers;
    }

    /** The environment of the child: a few harmless variables, a home of its own folder, Python told not to write bytecode. */
    static Map<String, String> environment(Map<String, String> registry, Path folder) {
        java.util.TreeMap<String, String> child = new java.util.TreeMap<>();
        for (String name : PASSED_ON) {
            String value = registry.get(name);
            if (value != null) {
                child.put(name, value);
            }
        }
        child.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        child.put("HOME", folder.toString());
        child.put("PYTHONDONTWRITEBYTECODE", "1");
        child.put("PYTHONIOENCODING", "utf-8");
        child.put("PYTHONNOUSERSITE", "1");
        return child;
    }

    Outcome run(Path folder) {
        List<String> command = new ArrayList<>();
        SETSID.ifPresent(command::add);
        command.addAll(List.of(python, "cli.py", "--describe"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(environment(System.getenv(), folder));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return Outcome.failed("--describe could not be started with '" + python + "' (animus.discovery.smcp.python): " + e.getMessage());
        }
        CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), readers);
        // setsid runs the plugin in its place (same pid), which is then its process group's id
        boolean grouped = SETSID.isPresent();
        // ended once, as soon as the plugin exits (or is killed), so that nothing it left holds the output open
        CompletableFuture<Void> groupEnded = grouped ? process.onExit().thenRun(() -> endGroup(process.pid()))
                : CompletableFuture.completedFuture(null);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            byte[] output = reading.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (output == null) {
                kill(process);
                return Outcome.failed("--describe printed more than " + maxOutput + " bytes (animus.discovery.smcp.max-output); it was stopped");
            }
            long left = deadline - System.nanoTime();
            if (!process.waitFor(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
                kill(process);
                return timedOut();
            }
            if (grouped && (process.exitValue() == 126 || process.exitValue() == 127) && output.length == 0) {
                // setsid's own statuses when it cannot run the interpreter: 127 not found, 126 not executable
                return Outcome.failed("--describe could not be started with '" + python + "' (animus.discovery.smcp.python): "
                        + (process.exitValue() == 127 ? "no such program" : "not executable"));
            }
            if (process.exitValue() != 0) {
                return Outcome.failed("--describe failed with exit status " + process.exitValue());
            }
            return new Outcome(new String(output, StandardCharsets.UTF_8), null);
        } catch (TimeoutException e) {
            kill(process);
            reading.cancel(true);
            return timedOut();
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return Outcome.failed("--describe was interrupted");
        } catch (ExecutionException e) {
            kill(process);
            return Outcome.failed("--describe's output could not be read: " + e.getCause().getMessage());
        } finally {
            awaitQuietly(groupEnded);
        }
    }

    /** Waits (2 s at most) for the plugin's group to be ended, so that the caller finds nothing of it running. */
    private static void awaitQuietly(CompletableFuture<Void> groupEnded) {
        try {
            groupEnded.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // what is left is killed all the same when the callback runs; the outcome does not depend on it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills every process still in the process group {@code group} (Linux: the fifth field of /proc/PID/stat), and
     * waits up to a second for them to end (a kill is delivered asynchronously).
     */
    static void endGroup(long group) {
        List<ProcessHandle> left = ProcessHandle.allProcesses().filter(handle -> processGroup(handle.pid()) == group).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (ProcessHandle handle : left) {
            try {
                handle.onExit().get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The process group of a process, or -1 when it is gone or unreadable. */
    static long processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so count from the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Outcome timedOut() {
        return Outcome.failed("--describe did not finish within " + timeout.toMillis() + " ms (animus.discovery.smcp.timeout); it was stopped");
    }

    /** The output up to its end, or NULL once it passes the cap (the rest is not read). */
    private byte[] read(InputStream stream) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (stream) {
            int read;
            while ((read = stream.read(buffer)) >= 0) {
                if (output.size() + (long) read > maxOutput) {
                    return null;
                }
                output.write(buffer, 0, read);
            }
            return output.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Kills the process and every process it started, children first. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
