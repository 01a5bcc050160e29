package io.animus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code animus} jar (or the native executable {@code animus.cli.native} names) as a real process: its exit statuses, its session file, JSON when piped. */
@ExtendWith(Cli.class)
class PackagedCliIT {

    private record Run(int status, String out, String err) {
    }

    private static Run animus(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("animus.cli.jar", "target/quarkus-app/quarkus-run.jar"));
        String nativeBinary = System.getProperty("animus.cli.native", "");
        List<String> command = Stream.concat(nativeBinary.isEmpty() ? Stream.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()) : Stream.of(nativeBinary), Stream.of(args)).toList();
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        // Into files, not pipes: an answer larger than a pipe's buffer (the completion script) would block the process.
        Path out = Files.createTempFile("animus-out", ".txt");
        Path err = Files.createTempFile("animus-err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("animus " + String.join(" ", args) + " did not end within 60 s");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void theJarSignsInListsAsJsonAndExitsByKindOfFailure(Cli cli, @TempDir Path config) throws Exception {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", config.toString(), "PATH", System.getenv().getOrDefault("PATH", "/usr/bin"));

        Run version = animus(env, "--version");
        assertEquals(0, version.status(), version::toString);
        assertTrue(version.out().startsWith("animus "), version::toString);
        Run help = animus(env, "--help");
        assertEquals(0, help.status(), help::toString);
        for (String command : List.of("login", "agents", "tool-instances", "run", "state", "import")) {
            assertTrue(help.out().contains(command), command + " in the usage: " + help);
        }
        Run completion = animus(env, "completion", "bash");
        assertEquals(0, completion.status(), completion::toString);
        assertTrue(completion.out().contains("tool-instances"), "every command in the completion script");

        Run login = animus(Map.of("XDG_CONFIG_HOME", config.toString(), "ANIMUS_PASSWORD", cli.registry().adminPassword),
                "login", "--url", cli.registry().url(), "--user", "admin");
        assertEquals(0, login.status(), login::toString);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(config.resolve("animus/session.json"))));

        Run list = animus(env, "agents", "list");
        assertEquals(0, list.status(), list::toString);
        assertTrue(Output.JSON.readTree(list.out()).isArray(), "JSON when standard output is not a terminal: " + list);

        Run missing = animus(env, "tools", "get", "999999");
        assertEquals(Exit.ERROR, missing.status(), missing::toString);

        Run wrong = animus(Map.of("XDG_CONFIG_HOME", config.toString(), "ANIMUS_PASSWORD", "Not the password 123"), "login", "--user", "admin");
        assertEquals(Exit.REFUSED, wrong.status(), wrong::toString);
        assertEquals(1, wrong.err().lines().count(), "one line: " + wrong);

        Run logout = animus(env, "logout");
        assertEquals(0, logout.status(), logout::toString);
        assertEquals(Exit.REFUSED, animus(env, "agents", "list").status());

        Run unreachable = animus(Map.of("ANIMUS_REGISTRY_URL", "http://127.0.0.1:9", "ANIMUS_TOKEN", "x"), "agents", "list");
        assertEquals(Exit.UNREACHABLE, unreachable.status(), unreachable::toString);
    }
}
