package io.animus.registry.devmode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Keys that dev mode generates once into the data folder, so that a local run needs no set-up:
 * the RSA pair that signs and verifies access tokens, and the key of encrypted values.
 * Production never generates keys: it is given them.
 */
final class DevKeys {

    static final String PRIVATE_KEY = "jwt-private.pem";
    static final String PUBLIC_KEY = "jwt-public.pem";
    static final String SECRETS_KEY = "secrets.key";

    private DevKeys() {
    }

    /** Creates the keys under {@code folder} unless they are there already. */
    static void ensure(Path folder) {
        try {
            Files.createDirectories(folder);
            if (!Files.exists(folder.resolve(PRIVATE_KEY)) || !Files.exists(folder.resolve(PUBLIC_KEY))) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                writePrivate(folder.resolve(PRIVATE_KEY), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(folder.resolve(PUBLIC_KEY), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
            if (!Files.exists(folder.resolve(SECRETS_KEY))) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                writePrivate(folder.resolve(SECRETS_KEY), Base64.getEncoder().encodeToString(key));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the dev keys into " + folder, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String secretsKey(Path folder) {
        try {
            return Files.readString(folder.resolve(SECRETS_KEY), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
