package io.animus.registry.identity.servicekey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The form of service keys: {@code animus_sk_} and 43 characters of base64url (32 random bytes), so
 * that a key is recognisable in a leaked file and cannot be guessed. Stored as the hex SHA-256 of
 * the whole key: a key of 256 random bits needs no slow hash, and the lookup stays one indexed read.
 */
public final class ServiceKeys {

    /** What every service key starts with. */
    public static final String PREFIX = "animus_sk_";


    private ServiceKeys() {
    }

    /** A new random key. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a key. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Whether the text has the form of a key; anything else is refused without a database read. */
    public static boolean wellFormed(String key) {
        return key != null && key.length() == PREFIX.length() + 43 && key.startsWith(PREFIX)
                && key.substring(PREFIX.length()).chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }
}
