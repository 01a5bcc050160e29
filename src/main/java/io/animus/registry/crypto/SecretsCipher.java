package io.animus.registry.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts and decrypts stored values with AES-256-GCM from the JDK.
 * <p>
 * The stored form is {@code enc:v1:<key id>:<base64(nonce || ciphertext || tag)>} with a random
 * 96-bit nonce and a 128-bit tag. The caller's {@code context} (the entry key, such as
 * {@code system_config:smtp.password}) is bound as additional authenticated data, so that a value
 * copied into another entry does not decrypt.
 */
public final class SecretsCipher {

    /** The prefix of every value this cipher wrote. */
    public static final String PREFIX = "enc:v1:";

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing ring;
    private final SecureRandom random = new SecureRandom();

    public SecretsCipher(KeyRing ring) {
        this.ring = ring;
    }

    /** Whether a stored value has the form this cipher writes. */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The id of the key a stored value was encrypted with, if it is an encrypted value. */
    public static Optional<String> keyIdOf(String stored) {
        if (!isSealed(stored)) {
            return Optional.empty();
        }
        int colon = stored.indexOf(':', PREFIX.length());
        return colon < 0 ? Optional.empty() : Optional.of(stored.substring(PREFIX.length(), colon));
    }

    public String currentKeyId() {
        return ring.currentId();
    }

    /** Whether a stored value is encrypted under the current key. */
    public boolean isCurrent(String stored) {
        return keyIdOf(stored).filter(ring.currentId()::equals).isPresent();
    }

    /** The stored form of {@code plaintext}, encrypted under the current key and bound to {@code context}. */
    public String encrypt(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, ring.current(), nonce, context);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] payload = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + ring.currentId() + ":" + Base64.getEncoder().encodeToString(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    }

    /**
     * The plaintext of a stored value.
     *
     * @throws UndecryptableSecretException when the value is malformed, its key is not in the ring,
     *         or the tag does not verify (wrong key, altered value, or another entry's value)
     */
    public String decrypt(String stored, String context) {
        String keyId = keyIdOf(stored)
                .orElseThrow(() -> new UndecryptableSecretException("it is not in the form enc:v1:<key id>:<base64>"));
        SecretKey key = ring.find(keyId).orElseThrow(() -> new UndecryptableSecretException(
                "it was encrypted under the key id '" + keyId + "', which is neither the current key nor one of the old keys"));
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(stored.substring(PREFIX.length() + keyId.length() + 1));
        } catch (IllegalArgumentException e) {
            throw new UndecryptableSecretException("its ciphertext is not valid base64");
        }
        if (payload.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new UndecryptableSecretException("its ciphertext is too short");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(payload, NONCE_BYTES), context);
            byte[] plain = cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UndecryptableSecretException("the key with id '" + keyId
                    + "' does not open it: the configured key is not the one it was encrypted with, or the stored value was altered or copied from another entry");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
