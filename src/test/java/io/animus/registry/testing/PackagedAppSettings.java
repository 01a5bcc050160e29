package io.animus.registry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The production settings the packaged application (jar or native binary) needs beside its
 * database: the test-only token keys as files, a secrets key, the first admin's password and an
 * Animus home with one tool.
 */
public class PackagedAppSettings implements QuarkusTestResourceLifecycleManager {

    /** The first admin's password in packaged-application tests. */
    public static final String ADMIN_PASSWORD = "Packaged-app test passphrase 42";

    @Override
    public Map<String, String> start() {
        try {
            Path folder = Files.createTempDirectory("animus-registry-packaged");
            Path home = folder.resolve("animus");
            Files.createDirectories(home.resolve("tools/mcp"));
            Files.writeString(home.resolve("tools/mcp/manifest.json"), "{\"name\": \"mcp-packaged\", \"type\": \"tool\"}");
            return Map.of(
                    "smallrye.jwt.sign.key.location", copy("keys/test-private.pem", folder).toString(),
                    "mp.jwt.verify.publickey.location", copy("keys/test-public.pem", folder).toString(),
                    "animus.secrets.key", "dGVzdC1vbmx5LXNlY3JldHMta2V5LTMyLWJ5dGVzISE=",
                    "animus.admin.initial-password", ADMIN_PASSWORD,
                    "animus.home", home.toString(),
                    "animus.data-dir", folder.resolve("data").toString(),
                    "animus.discovery.every", "off");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
