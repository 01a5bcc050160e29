package io.animus.registry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The production settings the packaged application (jar or native binary) needs beside its
 * database: the test-only token keys as files, a secrets key, the first admin's password and an
 * Animus home with one tool.
 * <p>
 * Before the application under test starts, the migration artifact ({@code migrate/}, built first: README.md)
 * runs once on the empty database, as the Kubernetes Job and the systemd {@code ExecStartPre} run it, and must
 * exit with 0; the application under test, which contains no Liquibase, then starts on the migrated database.
 * So the tests cover the one-shot migration, and the AOT cache trained by them holds what serving needs.
 */
public class PackagedAppSettings implements QuarkusTestResourceLifecycleManager {

    /** The first admin's password in packaged-application tests. */
    public static final String ADMIN_PASSWORD = "Packaged-app test passphrase 42";

    /** The settings of the application under test, for a second replica beside it. */
    private static volatile Map<String, String> served;

    /**
     * Starts a second replica of the artifact under test on {@code port}, with the same settings and
     * database, and waits until it is ready; its output goes to {@code log}.
     */
    public static Process startReplica(int port, Path log) throws IOException, InterruptedException {
        if (served == null) {
            throw new IllegalStateException("the application under test has not been started");
        }
        Map<String, String> all = new HashMap<>(served);
        all.putAll(EmbeddedPostgresResource.settings());
        all.put("quarkus.http.port", String.valueOf(port));
        List<String> options = all.entrySet().stream().map(setting -> "-D" + setting.getKey() + "=" + setting.getValue()).toList();
        Process process = new ProcessBuilder(command(options)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the second replica exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                java.net.HttpURLConnection ready = (java.net.HttpURLConnection) new java.net.URL("http://localhost:" + port + "/q/health/ready")
                        .openConnection();
                ready.setConnectTimeout(1000);
                ready.setReadTimeout(5000);
                if (ready.getResponseCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the second replica was not ready within 180 s; see " + log);
    }

    @Override
    public Map<String, String> start() {
        try {
            Path folder = Files.createTempDirectory("animus-registry-packaged");
            Path home = folder.resolve("animus");
            Files.createDirectories(home.resolve("tools/mcp"));
            Files.writeString(home.resolve("tools/mcp/manifest.json"), "{\"name\": \"mcp-packaged\", \"type\": \"tool\"}");
            Map<String, String> settings = new HashMap<>(Map.of(
                    "smallrye.jwt.sign.key.location", copy("keys/test-private.pem", folder).toString(),
                    "mp.jwt.verify.publickey.location", copy("keys/test-public.pem", folder).toString(),
                    "animus.secrets.key", "dGVzdC1vbmx5LXNlY3JldHMta2V5LTMyLWJ5dGVzISE=",
                    "animus.admin.initial-password", ADMIN_PASSWORD,
                    "animus.home", home.toString(),
                    "animus.data-dir", folder.resolve("data").toString(),
                    "animus.discovery.every", "off"));
            migrate(folder.resolve("migration.log"));
            served = Map.copyOf(settings);
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts after the database, whose settings the migration run needs. */
    @Override
    public int order() {
        return 10;
    }

    /**
     * Runs the migration artifact's jar ({@code animus.migrate.jar}) on the test database, on this JVM; throws
     * unless it exited with 0. The native binary's tests migrate with the jar too: the migration is not the
     * artifact under test.
     */
    private static void migrate(Path log) throws IOException {
        Path jar = Path.of(System.getProperty(EmbeddedPostgresResource.MIGRATION_ARTIFACT, "migrate/target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The migration artifact " + jar + " is missing: build it first with "
                    + "`./mvnw -B -f migrate/pom.xml package` (README.md's test command does)");
        }
        Map<String, String> database = EmbeddedPostgresResource.settings();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-Dquarkus.datasource.jdbc.url=" + database.get("quarkus.datasource.jdbc.url"),
                "-Dquarkus.datasource.username=" + database.get("quarkus.datasource.username"),
                "-Dquarkus.datasource.password=" + database.get("quarkus.datasource.password"),
                "-jar", jar.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the migration run did not exit within 180 s; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the migration ran", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the migration run exited with " + process.exitValue() + ": " + Files.readString(log));
        }
    }

    /**
     * The command that runs the artifact of this build with {@code options}: the native binary, or the
     * fast-jar on this JVM, with the flags the application under test gets ({@code quarkus.test.arg-line}:
     * the image's JVM argument file, or the native binary's heap limit).
     */
    private static List<String> command(List<String> options) throws IOException {
        Properties built = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("target", "quarkus-artifact.properties"))) {
            built.load(in);
        }
        String nativeImage = System.getProperty("native.image.path");
        List<String> flags = Arrays.stream(System.getProperty("quarkus.test.arg-line", "").trim().split("\\s+"))
                .filter(flag -> !flag.isEmpty()).toList();
        List<String> command = new ArrayList<>();
        if (!"jar".equals(built.getProperty("type")) && nativeImage != null && Files.isExecutable(Path.of(nativeImage))) {
            command.add(nativeImage);
            command.addAll(flags);
            command.addAll(options);
            return command;
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(options);
        command.add("-jar");
        command.add(Path.of("target", built.getProperty("path")).toString());
        return command;
    }

    private static Path copy(String resource, Path folder) throws IOException {
        Path target = folder.resolve(Path.of(resource).getFileName());
        try (InputStream in = PackagedAppSettings.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    @Override
    public void stop() {
    }
}
