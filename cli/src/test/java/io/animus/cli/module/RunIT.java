package io.animus.cli.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.animus.cli.Cli;
import io.animus.cli.Exit;
import io.animus.cli.RunningRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code animus run} as a real process (the packaged jar, or the native executable named by
 * {@code animus.cli.native}) with a real child: a Python script that writes its environment and the
 * signals it receives to a log, and exits with a status of its own on SIGTERM.
 */
@ExtendWith(Cli.class)
class RunIT {

    /**
     * The child: logs "start PID" and its environment once its handlers are set, "hup PID" on SIGHUP, "SIGINT PID" (USR1, USR2) on
     * those, "term PID" on SIGTERM and exits with argv[2].
     */
    private static final String CHILD = """
            import os, signal, sys, time
            log = open(sys.argv[1], "a", buffering=1)
            env = os.environ
            def term(number, frame):
                log.write("term %d\\n" % os.getpid())
                sys.exit(int(sys.argv[2]))
            signal.signal(signal.SIGTERM, term)
            signal.signal(signal.SIGHUP, lambda number, frame: log.write("hup %d\\n" % os.getpid()))
            for name in ("SIGINT", "SIGUSR1", "SIGUSR2"):
                signal.signal(getattr(signal, name), lambda number, frame: log.write("%s %d\\n" % (signal.Signals(number).name, os.getpid())))
            # "start" only once every handler is in place: a test signals as soon as it reads it
            log.write("start %d GREETING=%s API_TOKEN=%s INHERITED=%s KEY=%s KEY_FILE=%s TOKEN=%s\\n" % (os.getpid(),
                      env.get("GREETING"), env.get("API_TOKEN"), env.get("INHERITED"), env.get("ANIMUS_MODULE_KEY", "-"),
                      env.get("ANIMUS_MODULE_KEY_FILE", "-"), env.get("ANIMUS_TOKEN", "-")))
            while True:
                time.sleep(0.05)
            """;

    @TempDir
    Path folder;

    /** Every animus a test started: one a failed assertion left running is ended, with its child, after the test. */
    private final List<Process> started = new java.util.ArrayList<>();

    @AfterEach
    void endWhatIsLeft() {
        for (Process animus : started) {
            animus.descendants().forEach(ProcessHandle::destroyForcibly);
            animus.destroyForcibly();
        }
    }

    private Path log;
    private Path script;

    private Map<String, String> env(Cli cli, String url) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", folder.toString());
        env.put("XDG_CACHE_HOME", folder.resolve("cache").toString());
        env.put("ANIMUS_REGISTRY_URL", url);
        env.put("INHERITED", "yes");
        env.put("GREETING", "from the parent");
        env.put("ANIMUS_TOKEN", "an-admin-token");
        return env;
    }

    private Process animus(Map<String, String> env, String... args) throws IOException {
        log = folder.resolve("child.log");
        script = folder.resolve("child.py");
        Files.writeString(script, CHILD);
        String nativeBinary = System.getProperty("animus.cli.native", "");
        List<String> launcher = nativeBinary.isEmpty()
                ? List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-jar",
                        System.getProperty("animus.cli.jar", "target/quarkus-app/quarkus-run.jar"))
                : List.of(nativeBinary);
        // A signal ignored by whoever started the suite (nohup ignores HUP, a shell's background job INT) stays ignored in
        // every program it starts, animus included, which then neither dies of it nor forwards it. animus is started here
        // as a shell in a terminal starts it: every forwarded signal at its default, then exec (the pid stays the same).
        List<String> defaults = List.of("python3", "-c", "import os, signal, sys\n"
                + "for name in ('SIGHUP', 'SIGINT', 'SIGTERM', 'SIGUSR1', 'SIGUSR2'):\n"
                + "    signal.signal(getattr(signal, name), signal.SIG_DFL)\n"
                + "os.execvp(sys.argv[1], sys.argv[1:])");
        ProcessBuilder builder = new ProcessBuilder(Stream.of(defaults, launcher, List.of(args)).flatMap(List::stream).toList())
                .redirectOutput(folder.resolve("animus.out").toFile()).redirectError(folder.resolve("animus.err").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process animus = builder.start();
        started.add(animus);
        return animus;
    }

    private String[] child(int statusOnTerm) {
        return new String[] { "--", "python3", script.toString(), log.toString(), String.valueOf(statusOnTerm) };
    }

    private String[] args(String[] options, int statusOnTerm) throws IOException {
        log = folder.resolve("child.log");
        script = folder.resolve("child.py");
        String[] child = child(statusOnTerm);
        String[] all = new String[options.length + child.length];
        System.arraycopy(options, 0, all, 0, options.length);
        System.arraycopy(child, 0, all, options.length, child.length);
        return all;
    }

    private List<String> lines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Waits up to the timeout for a log line that matches; the line, or an assertion error with what there is. */
    private String await(Predicate<String> line, long millis, Process animus) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            for (String seen : lines()) {
                if (line.test(seen)) {
                    return seen;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no such line within " + millis + " ms; child log: " + lines() + "; animus "
                + (animus.isAlive() ? "running" : "exited " + animus.exitValue()) + "; its stderr: " + err());
    }

    private String err() throws IOException {
        return Files.readString(folder.resolve("animus.err"), StandardCharsets.UTF_8);
    }

    private static int exit(Process animus) throws InterruptedException {
        if (!animus.waitFor(30, TimeUnit.SECONDS)) {
            animus.destroyForcibly();
            throw new AssertionError("animus did not end within 30 s");
        }
        return animus.exitValue();
    }

    private static long pid(String line) {
        return Long.parseLong(line.split(" ")[1]);
    }

    @Test
    void theChildGetsTheValuesIsRestartedOnAChangeAndItsExitStatusIsAnimuss(Cli cli) throws Exception {
        TestModule module = new TestModule(cli, "hello");
        Path keyFile = Files.writeString(folder.resolve("module.key"), module.key + "\n");
        Map<String, String> env = env(cli, cli.registry().url());
        env.put("ANIMUS_MODULE_KEY_FILE", keyFile.toString());
        Process animus = animus(env, args(new String[] { "run", "--on-change", "restart", "--grace", "5" }, 7));

        String first = await(line -> line.startsWith("start "), 30_000, animus);
        assertTrue(first.contains(" GREETING=hello "), "the registry's value over the inherited one: " + first);
        assertTrue(first.contains(" API_TOKEN=" + module.secret + " "), "the secret, decrypted: " + first);
        assertTrue(first.contains(" INHERITED=yes "), "the inherited environment: " + first);
        assertTrue(first.endsWith(" KEY=- KEY_FILE=- TOKEN=-"), "neither the key, its file nor an admin token: " + first);
        assertFalse(ProcessHandle.of(animus.pid()).flatMap(handle -> handle.info().commandLine()).orElse("").contains(module.key),
                "the key is not in the process list");

        module.greeting("bonjour");
        long changed = System.nanoTime();
        String second = await(line -> line.startsWith("start ") && line.contains("GREETING=bonjour"), 2_000, animus);
        long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed);
        assertTrue(lines().contains("term " + pid(first)), "the first child was stopped with SIGTERM: " + lines());
        assertTrue(animus.isAlive(), "animus goes on with the new child");
        System.out.println("restart after a change: " + restartMillis + " ms");

        animus.destroy(); // SIGTERM to animus
        assertEquals(7, exit(animus), "the child's exit status: " + err());
        assertTrue(lines().contains("term " + pid(second)), "SIGTERM reached the child: " + lines());
        String said = err() + Files.readString(folder.resolve("animus.out"));
        assertFalse(said.contains(module.secret) || said.contains("bonjour") || said.contains(module.key), "no value, no key: " + said);
        assertTrue(err().contains("restarting"), err());
    }

    @Test
    void theSignalsAnimusGetsReachTheChild(Cli cli) throws Exception {
        TestModule module = new TestModule(cli, "hello");
        Map<String, String> env = env(cli, cli.registry().url());
        env.put("ANIMUS_MODULE_KEY", module.key);
        Process animus = animus(env, args(new String[] { "run" }, 9));
        long child = pid(await(line -> line.startsWith("start "), 30_000, animus));
        for (String signal : new String[] { "HUP", "INT", "USR1", "USR2" }) {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal + " " + animus.pid()).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -s " + signal);
            String expected = (signal.equals("HUP") ? "hup" : "SIG" + signal) + " " + child;
            await(line -> line.equals(expected), 2_000, animus);
        }
        assertTrue(animus.isAlive(), "animus goes on after HUP, INT, USR1 and USR2 the child survived");
        animus.destroy();
        assertEquals(9, exit(animus), err());
    }

    @Test
    void onChangeSignalSendsTheSignalAndNoneLeavesTheChildAlone(Cli cli) throws Exception {
        TestModule module = new TestModule(cli, "hello");
        Map<String, String> env = env(cli, cli.registry().url());
        env.put("ANIMUS_MODULE_KEY", module.key);
        Process animus = animus(env, args(new String[] { "run", "--on-change", "signal:HUP" }, 0));
        String first = await(line -> line.startsWith("start "), 30_000, animus);

        module.greeting("hola");
        await(line -> line.equals("hup " + pid(first)), 2_000, animus);
        Thread.sleep(300);
        assertEquals(1, lines().stream().filter(line -> line.startsWith("start ")).count(), "not restarted: " + lines());

        animus.destroy();
        assertEquals(0, exit(animus), err());
        Files.delete(log);

        Process leftAlone = animus(env, args(new String[] { "run", "--on-change", "none" }, 5));
        String started = await(line -> line.startsWith("start "), 30_000, leftAlone);
        assertTrue(started.contains("GREETING=hola"), started);
        module.greeting("ciao");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline && !err().contains("keeps the one it started with")) {
            Thread.sleep(20);
        }
        assertTrue(err().contains("keeps the one it started with"), "the change was seen: " + err());
        assertEquals(List.of(started), lines(), "no signal, no restart");
        leftAlone.destroy();
        assertEquals(5, exit(leftAlone));
    }

    @Test
    void withTheRegistryStoppedTheFallbackStartsTheChildAndWithoutOneAnimusFailsCleanly(Cli cli) throws Exception {
        TestModule module = new TestModule(cli, "kept");
        Path cache = folder.resolve("cache");
        try (Front registry = new Front(cli.registry().url())) {
            Map<String, String> env = env(cli, registry.url());
            env.put("ANIMUS_MODULE_KEY", module.key);
            Process first = animus(env, args(new String[] { "run", "--fallback" }, 0));
            await(line -> line.startsWith("start ") && line.contains("GREETING=kept"), 30_000, first);
            first.destroy();
            assertEquals(0, exit(first), err());
            try (Stream<Path> files = Files.list(cache.resolve("animus"))) {
                Path kept = files.filter(file -> file.getFileName().toString().endsWith(".bin")).findFirst().orElseThrow();
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept.getParent())));
                byte[] bytes = Files.readAllBytes(kept);
                String raw = new String(bytes, StandardCharsets.ISO_8859_1);
                assertFalse(raw.contains("kept") || raw.contains(module.secret) || raw.contains("GREETING"), "encrypted");
            }
            Files.delete(log);

            registry.close();
            Process fallback = animus(env, args(new String[] { "run", "--fallback" }, 0));
            String started = await(line -> line.startsWith("start "), 30_000, fallback);
            assertTrue(started.contains("GREETING=kept ") && started.contains("API_TOKEN=" + module.secret + " "), started);
            assertTrue(err().contains("cannot be reached: starting with the fallback configuration"), err());
            fallback.destroy();
            assertEquals(0, exit(fallback), err());
            Files.delete(log);

            Process other = animus(Map.of("PATH", env.get("PATH"), "XDG_CACHE_HOME", cache.toString(), "ANIMUS_REGISTRY_URL", registry.url(),
                    "ANIMUS_MODULE_KEY", "another-key-" + RunningRegistry.random(20)), args(new String[] { "run", "--fallback" }, 0));
            assertEquals(Exit.UNREACHABLE, exit(other), err());
            assertTrue(err().contains("no fallback configuration is kept"), err());
            assertEquals(1, err().lines().count(), "one line: " + err());
            assertFalse(Files.exists(log), "no child was started");

            Process without = animus(env, args(new String[] { "run" }, 0));
            assertEquals(Exit.UNREACHABLE, exit(without), "without --fallback the kept configuration is not used: " + err());
            assertFalse(Files.exists(log), "no child was started");
        }
    }

    @Test
    void aRegistryThatFailsIsTreatedAsOneThatCannotBeReached(Cli cli) throws Exception {
        TestModule module = new TestModule(cli, "kept before");
        try (Front registry = new Front(cli.registry().url())) {
            Map<String, String> env = env(cli, registry.url());
            env.put("ANIMUS_MODULE_KEY", module.key);
            Process first = animus(env, args(new String[] { "run", "--fallback" }, 0));
            await(line -> line.startsWith("start ") && line.contains("GREETING=kept before "), 30_000, first);
            first.destroy();
            assertEquals(0, exit(first), err());
            Files.delete(log);

            registry.failEveryRequest();
            Process without = animus(env, args(new String[] { "run" }, 0));
            assertEquals(Exit.ERROR, exit(without), err());
            assertTrue(err().contains("Service Unavailable") && err().contains("--fallback"), err());
            assertFalse(Files.exists(log), "no child was started");

            Process fallback = animus(env, args(new String[] { "run", "--fallback" }, 0));
            String started = await(line -> line.startsWith("start "), 30_000, fallback);
            assertTrue(started.contains("GREETING=kept before "), started);
            assertTrue(err().contains("did not give the configuration"), err());
            fallback.destroy();
            assertEquals(0, exit(fallback), err());
        }
    }

    @Test
    void aFallbackThatCannotBeWrittenIsSaidAndTheChildRunsAllTheSame(Cli cli) throws Exception {
        TestModule module = new TestModule(cli, "unkept");
        Map<String, String> env = env(cli, cli.registry().url());
        env.put("ANIMUS_MODULE_KEY", module.key);
        env.put("XDG_CACHE_HOME", Files.writeString(folder.resolve("not-a-folder"), "").toString());
        Process animus = animus(env, args(new String[] { "run", "--fallback" }, 4));
        String started = await(line -> line.startsWith("start "), 30_000, animus);
        assertTrue(started.contains("GREETING=unkept "), started);
        assertTrue(err().contains("cannot keep the fallback configuration"), err());
        module.greeting("still unkept");
        await(line -> line.startsWith("start ") && line.contains("GREETING=still unkept "), 2_000, animus);
        animus.destroy();
        assertEquals(4, exit(animus), err());
    }

    @Test
    void aRevokedKeyStopsTheChildAndEndsWithStatus3(Cli cli) throws Exception {
        TestModule module = new TestModule(cli, "hello");
        Map<String, String> env = env(cli, cli.registry().url());
        env.put("ANIMUS_MODULE_KEY", module.key);
        Process animus = animus(env, args(new String[] { "run", "--fallback" }, 0));
        String first = await(line -> line.startsWith("start "), 30_000, animus);

        module.revoke();
        assertEquals(Exit.REFUSED, exit(animus), err());
        assertTrue(lines().contains("term " + pid(first)), "the child was stopped: " + lines());
        assertTrue(err().contains("refused the module key"), err());
        try (Stream<Path> files = Files.list(folder.resolve("cache/animus"))) {
            assertEquals(0, files.filter(file -> file.getFileName().toString().endsWith(".bin")).count(), "the fallback of a revoked key is removed");
        }
    }
}
