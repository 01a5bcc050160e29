package io.animus.registry.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code podman} command line, as the container tests use it. */
final class Podman {

    private Podman() {
    }

    /** What a command printed (standard output and error together) and its exit code; -1 when it did not end in time. */
    record Result(int exitCode, String output) {
    }

    /** Runs {@code podman <arguments>} and waits at most {@code timeout}; a command still running then is killed. */
    static Result run(Duration timeout, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(arguments);
        try {
            Path output = Files.createTempFile("podman", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    return new Result(-1, Files.readString(output));
                }
                return new Result(process.exitValue(), Files.readString(output));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("podman could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while podman ran", e);
        }
    }

    static Result run(Duration timeout, String... arguments) {
        return run(timeout, List.of(arguments));
    }

    /** The output of a podman command that must succeed within 60 s. */
    static String ok(String... arguments) {
        Result result = run(Duration.ofSeconds(60), arguments);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("podman " + String.join(" ", arguments) + " exited with " + result.exitCode()
                    + ": " + result.output());
        }
        return result.output().trim();
    }
}
