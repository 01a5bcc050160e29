package io.animus.registry.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.animus.registry.devmode.EmbeddedDatabase;
import io.animus.registry.testing.PackagedAppSettings;

/**
 * One deployment of an image as Kubernetes runs it, with Podman: its own empty PostgreSQL on the
 * host, the token keys as a Secret volume (files mode 0440, owner root, group {@link #FS_GROUP},
 * mounted read-only; the container gets the group as Kubernetes gives a pod its {@code fsGroup}),
 * the Animus home mounted read-only, a read-only root file system, no capabilities and no privilege
 * escalation. The schema is migrated first by a one-shot container of the migration image
 * ({@code animus/animus-registry-migrate}, as the Kubernetes Job runs it); serving containers contain no
 * Liquibase and get no migration setting.
 */
final class Deployment implements AutoCloseable {

    /** The pod's {@code securityContext.fsGroup} in the Kubernetes manifest, which owns the Secret's files. */
    static final int FS_GROUP = 1001;
    static final String SECRETS_KEY = "dGVzdC1vbmx5LXNlY3JldHMta2V5LTMyLWJ5dGVzISE=";
    static final Path FIGURES = Path.of("target", "images", "figures.txt");

    final String image;
    /** The migration image that runs before the serving containers. */
    final String migration;
    final Path folder;
    final Path home;
    final int port;
    private final EmbeddedDatabase database;
    private final List<String> containers = new ArrayList<>();
    private String serving;

    Deployment(Images variant) {
        this(variant.image(), variant.migration());
    }

    Deployment(String image, String migration) {
        this.image = image;
        this.migration = migration;
        try {
            folder = Files.createTempDirectory("animus-registry-image");
            home = folder.resolve("animus");
            Files.createDirectories(home.resolve("tools/mcp"));
            Files.writeString(home.resolve("tools/mcp/manifest.json"), "{\"name\": \"mcp-packaged\", \"type\": \"tool\"}");
            Path keys = Files.createDirectories(folder.resolve("keys"));
            secretFile("keys/test-private.pem", keys.resolve("jwt-private.pem"));
            secretFile("keys/test-public.pem", keys.resolve("jwt-public.pem"));
            secret(keys, "r-xr-x---");
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            port = freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = EmbeddedDatabase.start(folder.resolve("postgres"), true);
    }

    /** The settings every container of this deployment gets, as environment variables. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        settings.put("QUARKUS_DATASOURCE_USERNAME", EmbeddedDatabase.USER);
        settings.put("QUARKUS_DATASOURCE_PASSWORD", "");
        settings.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", "/keys/jwt-private.pem");
        settings.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "/keys/jwt-public.pem");
        settings.put("ANIMUS_SECRETS_KEY", SECRETS_KEY);
        settings.put("ANIMUS_ADMIN_INITIAL_PASSWORD", PackagedAppSettings.ADMIN_PASSWORD);
        settings.put("ANIMUS_HOME", "/animus");
        settings.put("ANIMUS_DISCOVERY_EVERY", "off");
        settings.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return settings;
    }

    /** The settings of the migration container: the database's, as the Job's pod gets them from the Secret. */
    Map<String, String> migrationSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings().entrySet().stream().filter(setting -> setting.getKey().startsWith("QUARKUS_DATASOURCE_"))
                .forEach(setting -> settings.put(setting.getKey(), setting.getValue()));
        return settings;
    }

    /** The {@code podman run} arguments of a serving container of this deployment, up to and including the image. */
    List<String> runArguments(String name, Map<String, String> settings, boolean secretsGroup) {
        List<String> arguments = new ArrayList<>(List.of("run", "--name", name, "--network=host", "--read-only",
                "--cap-drop=ALL", "--security-opt=no-new-privileges",
                "-v", folder.resolve("keys") + ":/keys:ro", "-v", home + ":/animus:ro"));
        if (secretsGroup) {
            arguments.add("--group-add=" + FS_GROUP);
        }
        settings.forEach((key, value) -> arguments.addAll(List.of("-e", key + "=" + value)));
        arguments.add(image);
        return arguments;
    }

    /** Runs the one-shot container of the migration image, with the database's settings, to its end. */
    Podman.Result migrate() {
        return migrate(migrationSettings());
    }

    /**
     * Runs the one-shot container of the migration image with these settings (and the arguments {@code after} the
     * image) to its end, as the Job's pod runs it: user 1001 of group 0, a read-only root file system, no
     * capabilities, no keys and no Animus home.
     */
    Podman.Result migrate(Map<String, String> settings, String... after) {
        String name = name("migrate");
        List<String> arguments = new ArrayList<>(List.of("run", "--name", name, "--network=host", "--read-only",
                "--user=1001:0", "--cap-drop=ALL", "--security-opt=no-new-privileges"));
        settings.forEach((key, value) -> arguments.addAll(List.of("-e", key + "=" + value)));
        arguments.add(migration);
        arguments.addAll(List.of(after));
        Podman.Result result = Podman.run(Duration.ofSeconds(240), arguments);
        log(name, result.output());
        Podman.run(Duration.ofSeconds(30), "rm", "-f", name);
        return result;
    }

    /** Starts a serving container and waits until it is ready; answers the time from {@code podman run}. */
    Duration serve(boolean secretsGroup) {
        return awaitReady(start(secretsGroup));
    }

    /** Waits until the serving container started at {@code start} is ready; answers the time since. */
    Duration awaitReady(long start) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = start + Duration.ofSeconds(240).toNanos();
        int probe = 0;
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (++probe % 20 == 0 && !running()) {
                throw new IllegalStateException(image + " stopped before it was ready: " + logs());
            }
            sleep(50);
        }
        throw new IllegalStateException(image + " was not ready within 240 s: " + logs());
    }

    /** Starts a serving container (in the background, without waiting); answers when, in {@link System#nanoTime()}. */
    long start(boolean secretsGroup) {
        if (serving != null) {
            log(serving, logs());
            Podman.run(Duration.ofSeconds(60), "rm", "-f", "-t", "5", serving);
        }
        serving = name("serve");
        List<String> arguments = runArguments(serving, settings(), secretsGroup);
        arguments.add(1, "-d");
        long start = System.nanoTime();
        Podman.ok(arguments.toArray(String[]::new));
        return start;
    }

    /** The status code of the serving container's readiness check; 0 when it does not answer. */
    int readiness() {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            return HttpClient.newHttpClient().send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean running() {
        return "true".equals(Podman.run(Duration.ofSeconds(30), "inspect", "-f", "{{.State.Running}}", serving).output().trim());
    }

    String logs() {
        return Podman.run(Duration.ofSeconds(30), "logs", serving).output();
    }

    /** The host's process id of the serving container's main process (the JVM or the native binary). */
    long pid() {
        return Long.parseLong(Podman.ok("inspect", "-f", "{{.State.Pid}}", serving));
    }

    /** A line of the serving process's {@code /proc/<pid>/status}, such as {@code VmRSS} or {@code Groups}. */
    String status(String field) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
                    .filter(line -> line.startsWith(field + ":")).findFirst().orElse("").substring(field.length() + 1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files the serving process has mapped ({@code /proc/<pid>/maps}). */
    String mappedFiles() {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid()), "maps"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGTERM to the serving container. */
    void terminate() {
        Podman.ok("kill", "--signal", "TERM", serving);
    }

    /** Waits for the serving container to end; answers its exit code. */
    int awaitExit(Duration timeout) {
        Podman.Result result = Podman.run(timeout, "wait", serving);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(serving + " did not end within " + timeout + ": " + result.output());
        }
        return Integer.parseInt(result.output().trim());
    }

    /** Adds a line to target/images/figures.txt, which the build prints at its end. */
    static void figure(String line) {
        try {
            Files.createDirectories(FIGURES.getParent());
            Files.writeString(FIGURES, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String jdbcUrl() {
        return database.jdbcUrl();
    }

    @Override
    public void close() {
        if (serving != null) {
            log(serving, logs());
        }
        for (String name : containers) {
            Podman.run(Duration.ofSeconds(60), "rm", "-f", "-t", "5", name);
        }
        database.stop();
    }

    private String name(String role) {
        String name = "animus-registry-test-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
        containers.add(name);
        return name;
    }

    private static void log(String name, String output) {
        try {
            Path logs = Files.createDirectories(Path.of("target", "images", "logs"));
            Files.writeString(logs.resolve(name + ".log"), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key as a Kubernetes Secret volume holds it: owner root, group fsGroup, mode 0440. */
    private static void secretFile(String resource, Path target) throws IOException {
        try (InputStream in = Deployment.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        secret(target, "r--r-----");
    }

    private static void secret(Path path, String mode) throws IOException {
        GroupPrincipal group = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(
                Integer.toString(FS_GROUP));
        Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(group);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
