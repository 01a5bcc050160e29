package io.animus.registry.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys of encrypted values, each known by a short id: the current key, which encrypts,
 * and retired keys, which only decrypt. Built from the {@code animus.secrets.*} settings; every
 * mistake in them is refused with a message that names the setting and never shows key material.
 */
public final class KeyRing {

    /** The length of an AES-256 key. */
    public static final int KEY_BYTES = 32;

    /** What a key id may look like: it is stored in every encrypted value, between colons. */
    public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    static final String KEY_SETTING = "animus.secrets.key (ANIMUS_SECRETS_KEY)";
    static final String KEY_ID_SETTING = "animus.secrets.key-id (ANIMUS_SECRETS_KEY_ID)";
    static final String OLD_KEYS_SETTING = "animus.secrets.old-keys (ANIMUS_SECRETS_OLD_KEYS)";

    private final String currentId;
    private final Map<String, SecretKey> keys;

    private KeyRing(String currentId, Map<String, SecretKey> keys) {
        this.currentId = currentId;
        this.keys = Collections.unmodifiableMap(keys);
    }

    /** The ring of the settings, or empty when no current key is configured. */
    public static Optional<KeyRing> of(SecretsConfig config) {
        if (config.key().isEmpty() || config.key().get().isBlank()) {
            if (config.oldKeys().filter(keys -> !keys.isBlank()).isPresent()) {
                throw new IllegalArgumentException(OLD_KEYS_SETTING + " is set but " + KEY_SETTING
                        + " is not: retired keys only decrypt, a current key is needed as well");
            }
            return Optional.empty();
        }
        return Optional.of(parse(config.key().get(), config.keyId().orElse(null), config.oldKeys().orElse(null)));
    }

    /**
     * A ring from the settings' text.
     *
     * @param key the current key, base64 of 32 bytes
     * @param keyId its id, or null for the default derived from the key
     * @param oldKeys retired keys as {@code id=base64,id=base64}, or null
     */
    public static KeyRing parse(String key, String keyId, String oldKeys) {
        byte[] current = decode(key, KEY_SETTING);
        String id = keyId == null || keyId.isBlank() ? defaultId(current) : checkId(keyId.trim(), KEY_ID_SETTING);
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        keys.put(id, new SecretKeySpec(current, "AES"));
        if (oldKeys != null && !oldKeys.isBlank()) {
            int position = 0;
            for (String entry : oldKeys.split(",")) {
                position++;
                if (entry.isBlank()) {
                    continue;
                }
                String where = OLD_KEYS_SETTING + ", entry " + position;
                int equals = entry.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException(where + " must have the form id=base64-key");
                }
                String oldId = checkId(entry.substring(0, equals).trim(), where);
                byte[] oldKey = decode(entry.substring(equals + 1), where);
                SecretKey previous = keys.putIfAbsent(oldId, new SecretKeySpec(oldKey, "AES"));
                if (previous != null && !MessageDigest.isEqual(previous.getEncoded(), oldKey)) {
                    throw new IllegalArgumentException(where + " uses the key id '" + oldId + "', which already names another key");
                }
            }
        }
        return new KeyRing(id, keys);
    }

    /** The default id of a key: the first 8 hex digits of its SHA-256, which tells keys apart without revealing them. */
    public static String defaultId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String currentId() {
        return currentId;
    }

    public SecretKey current() {
        return keys.get(currentId);
    }

    /** The key with this id, current or retired. */
    public Optional<SecretKey> find(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** The ids of every key in the ring, the current one first. */
    public Set<String> ids() {
        return keys.keySet();
    }

    private static byte[] decode(String base64, String setting) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim().getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not valid base64; give the base64 of " + KEY_BYTES
                    + " random bytes, e.g. the output of: openssl rand -base64 32");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(setting + " must be the base64 of " + KEY_BYTES
                    + " random bytes (an AES-256 key), but it decodes to " + key.length
                    + " bytes; generate one with: openssl rand -base64 32");
        }
        return key;
    }

    private static String checkId(String id, String setting) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(setting + ": a key id is 1 to 32 letters, digits, '-' or '_'");
        }
        return id;
    }
}
