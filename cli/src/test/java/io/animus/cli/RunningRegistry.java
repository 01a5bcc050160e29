package io.animus.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The registry the tests talk to: the service's packaged jar ({@code ../target/quarkus-app/quarkus-run.jar})
 * in its production profile on an embedded PostgreSQL migrated first by the registry's migration artifact
 * ({@code ../migrate/target/quarkus-app/quarkus-run.jar}), as a deployment's is, with its own key pair, started once for the
 * whole run and stopped at its end. Without the jar every test fails, naming the command that builds it.
 */
public final class RunningRegistry implements ExtensionContext.Store.CloseableResource {

    /** The first admin's password, random for each run. */
    public final String adminPassword = "Cli-test " + random(12);

    private final Path folder;
    private final EmbeddedPostgres postgres;
    private final Process process;
    private final String url;

    private RunningRegistry() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("animus.registry.jar", "../target/quarkus-app/quarkus-run.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The registry's packaged jar " + jar + " is missing: build it first with "
                    + "`./mvnw -B package -DskipTests` (or `./mvnw -B verify`) at the repository's root");
        }
        Path migration = Path.of(System.getProperty("animus.registry.migrate.jar", "../migrate/target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(migration)) {
            throw new IllegalStateException("The registry's migration artifact " + migration + " is missing: build it first with "
                    + "`./mvnw -B -f migrate/pom.xml package -DskipTests` at the repository's root");
        }
        folder = Files.createTempDirectory("animus-cli-test");
        postgres = EmbeddedPostgres.builder().setDataDirectory(folder.resolve("pg")).setCleanDataDirectory(true).start();
        KeyPair keys = keyPair();
        Path privateKey = Files.writeString(folder.resolve("jwt-private.pem"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        Path publicKey = Files.writeString(folder.resolve("jwt-public.pem"), pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        Path home = Files.createDirectories(folder.resolve("animus-home"));
        int port = freePort();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", privateKey.toString());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString());
        byte[] secretsKey = new byte[32];
        new SecureRandom().nextBytes(secretsKey);
        env.put("ANIMUS_SECRETS_KEY", Base64.getEncoder().encodeToString(secretsKey));
        env.put("ANIMUS_ADMIN_INITIAL_PASSWORD", adminPassword);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("ANIMUS_HOME", home.toString());
        env.put("ANIMUS_DATA_DIR", folder.resolve("data").toString());
        env.put("ANIMUS_DISCOVERY_EVERY", "off");
        // the lowest bcrypt cost: logins are what the tests do most, and the cost is not what they test
        env.put("ANIMUS_AUTH_BCRYPT_COST", "4");
        migrate(migration, env);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("registry.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        process = builder.start();
        url = "http://localhost:" + port;
        awaitReady();
    }

    /** Applies the registry's changelogs to the test database with the migration artifact; throws unless it exited with 0. */
    private void migrate(Path migration, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-jar", migration.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("migration.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process migrating = builder.start();
        if (!migrating.waitFor(120, TimeUnit.SECONDS)) {
            migrating.destroyForcibly();
            throw new IllegalStateException("the migration did not end within 120 s: " + Files.readString(folder.resolve("migration.log")));
        }
        if (migrating.exitValue() != 0) {
            postgres.close();
            throw new IllegalStateException("the migration exited with " + migrating.exitValue() + ":\n"
                    + Files.readString(folder.resolve("migration.log")));
        }
    }

    /** A registry of its own, on an empty database, for a test that needs one (its caller closes it). */
    public static RunningRegistry startEmpty() throws IOException, InterruptedException {
        return new RunningRegistry();
    }

    /** The registry of this test run, started by the first test class that asks. */
    public static RunningRegistry get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(RunningRegistry.class, key -> {
            try {
                return new RunningRegistry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, RunningRegistry.class);
    }

    public String url() {
        return url;
    }

    /** The registry's log so far, for a failed start. */
    public String log() {
        try {
            return Files.readString(folder.resolve("registry.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException("the registry exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpURLConnection ready = (HttpURLConnection) URI.create(url + "/q/health/ready").toURL().openConnection();
                ready.setConnectTimeout(1000);
                ready.setReadTimeout(5000);
                if (ready.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("the registry was not ready within 120 s:\n" + log());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            postgres.close();
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Random letters and digits. */
    public static String random(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
