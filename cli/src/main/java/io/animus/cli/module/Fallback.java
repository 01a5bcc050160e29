package io.animus.cli.module;

import com.fasterxml.jackson.databind.JsonNode;
import io.animus.cli.Exit;
import io.animus.cli.Failure;
import io.animus.cli.Output;
import io.animus.cli.Terminal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The last configuration {@code animus run --fallback} received, kept on disk for a start while the
 * registry cannot be reached. One file per module key under {@code $XDG_CACHE_HOME/animus} (by default
 * {@code ~/.cache/animus}), mode 0600 in a folder of mode 0700, encrypted with AES-256-GCM under a key
 * derived from the module key by HKDF-SHA256 (RFC 5869, on the JDK's HMAC): without the module key the
 * file is unreadable, and its name (derived the same way) does not reveal the key either.
 */
public final class Fallback {

    private static final byte[] MAGIC = "ANIMUSF1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SALT = "animus-cli fallback v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** What a fallback file held: the configuration, where and when it was received. */
    public record Stored(ModuleConfiguration configuration, String registry, Instant receivedAt) {
    }

    private final Path file;
    private final byte[] key;
    private final byte[] associated;

    private Fallback(Path file, byte[] key, byte[] associated) {
        this.file = file;
        this.key = key;
        this.associated = associated;
    }

    /** The fallback of this module key in the terminal's cache folder. */
    public static Fallback of(Terminal terminal, String moduleKey) {
        byte[] prk = hmac(SALT, moduleKey.getBytes(StandardCharsets.UTF_8));
        String id = HexFormat.of().formatHex(Arrays.copyOf(expand(prk, "file name"), 16));
        byte[] associated = concat(MAGIC, id.getBytes(StandardCharsets.US_ASCII));
        return new Fallback(folder(terminal).resolve("fallback-" + id + ".bin"), expand(prk, "aes-256-gcm key"), associated);
    }

    /** {@code $XDG_CACHE_HOME/animus}, by default {@code ~/.cache/animus}. */
    public static Path folder(Terminal terminal) {
        String xdg = terminal.variable("XDG_CACHE_HOME");
        return (xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache")).resolve("animus");
    }

    public Path file() {
        return file;
    }

    /** Writes the configuration, replacing the file at once (a reader sees the old one or the new one). */
    public void save(ModuleConfiguration configuration, String registry) {
        JsonNode document = Output.JSON.createObjectNode().put("registry", registry).put("received_at", Instant.now().toString())
                .set("configuration", read(configuration.serialize()));
        byte[] nonce = new byte[NONCE_BYTES];
        new SecureRandom().nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce).doFinal(Output.JSON.writeValueAsBytes(document));
            Path folder = file.getParent();
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            Path temporary = Files.createTempFile(folder, "fallback-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(temporary, concat(MAGIC, nonce, sealed));
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new Failure(Exit.ERROR, "cannot keep the fallback configuration in " + file + " (" + e.getClass().getSimpleName()
                    + "): check that the folder is writable, or run without --fallback");
        }
    }

    /** The stored configuration, or null when there is none; a file this key cannot open is a {@link Failure}. */
    public Stored load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new Failure(Exit.ERROR, "cannot read the fallback configuration " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            if (bytes.length < MAGIC.length + NONCE_BYTES || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
                throw new GeneralSecurityException("not a fallback file");
            }
            byte[] nonce = Arrays.copyOfRange(bytes, MAGIC.length, MAGIC.length + NONCE_BYTES);
            byte[] plain = cipher(Cipher.DECRYPT_MODE, nonce).doFinal(bytes, MAGIC.length + NONCE_BYTES, bytes.length - MAGIC.length - NONCE_BYTES);
            JsonNode document = read(plain);
            return new Stored(ModuleConfiguration.deserialize(document.path("configuration")), document.path("registry").asText(),
                    Instant.parse(document.path("received_at").asText()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Failure(Exit.ERROR, "the fallback configuration " + file + " cannot be opened with this module key (damaged, or"
                    + " written for another key): delete it and start once with the registry reachable");
        }
    }

    /** Removes the stored configuration (its key was refused). */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the next successful run to replace
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associated);
        return cipher;
    }

    private static JsonNode read(byte[] json) {
        try {
            return Output.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON", e);
        }
    }

    /** HKDF-Expand (RFC 5869) of one block: 32 bytes for {@code info}. */
    private static byte[] expand(byte[] prk, String info) {
        byte[] label = info.getBytes(StandardCharsets.US_ASCII);
        return hmac(prk, ByteBuffer.allocate(label.length + 1).put(label).put((byte) 1).array());
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JDK", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(part -> part.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}
