package io.animus.registry.crypto;

import static io.animus.registry.crypto.KeyRingTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class SecretsCipherTest {

    private static final String ENTRY = "system_config:smtp.password";

    private final SecretsCipher cipher = new SecretsCipher(KeyRing.parse(key(1), "k1", null));

    @Test
    void aValueRoundTripsInTheTaggedForm() {
        String stored = cipher.encrypt("hunter2 ünïcødé", ENTRY);
        assertTrue(stored.startsWith("enc:v1:k1:"), stored);
        assertFalse(stored.contains("hunter2"));
        assertEquals("hunter2 ünïcødé", cipher.decrypt(stored, ENTRY));
        assertEquals("k1", SecretsCipher.keyIdOf(stored).orElseThrow());
        assertTrue(cipher.isCurrent(stored));
    }

    @Test
    void theNonceIsRandomAndTheLayoutIsNonceCiphertextTag() {
        String first = cipher.encrypt("same", ENTRY);
        String second = cipher.encrypt("same", ENTRY);
        assertNotEquals(first, second);
        byte[] payload = Base64.getDecoder().decode(first.substring("enc:v1:k1:".length()));
        assertEquals(12 + "same".getBytes(StandardCharsets.UTF_8).length + 16, payload.length);
    }

    @Test
    void aValueMovedToAnotherEntryDoesNotDecrypt() {
        String stored = cipher.encrypt("hunter2", ENTRY);
        UndecryptableSecretException refused = assertThrows(UndecryptableSecretException.class,
                () -> cipher.decrypt(stored, "system_config:other.password"));
        assertFalse(refused.getMessage().contains("hunter2"));
    }

    @Test
    void anAlteredValueDoesNotDecrypt() {
        String stored = cipher.encrypt("hunter2", ENTRY);
        byte[] payload = Base64.getDecoder().decode(stored.substring("enc:v1:k1:".length()));
        payload[14] ^= 1;
        String altered = "enc:v1:k1:" + Base64.getEncoder().encodeToString(payload);
        assertThrows(UndecryptableSecretException.class, () -> cipher.decrypt(altered, ENTRY));
    }

    @Test
    void aWrongKeyUnderTheSameIdSaysTheKeyDoesNotOpenIt() {
        String stored = cipher.encrypt("hunter2", ENTRY);
        SecretsCipher wrong = new SecretsCipher(KeyRing.parse(key(9), "k1", null));
        UndecryptableSecretException refused = assertThrows(UndecryptableSecretException.class, () -> wrong.decrypt(stored, ENTRY));
        assertTrue(refused.getMessage().contains("does not open it"), refused.getMessage());
    }

    @Test
    void anUnknownKeyIdSaysSo() {
        String stored = cipher.encrypt("hunter2", ENTRY);
        SecretsCipher other = new SecretsCipher(KeyRing.parse(key(2), "k2", null));
        UndecryptableSecretException refused = assertThrows(UndecryptableSecretException.class, () -> other.decrypt(stored, ENTRY));
        assertTrue(refused.getMessage().contains("'k1'"), refused.getMessage());
    }

    @Test
    void afterRotationOldValuesStillDecryptAndNewOnesUseTheNewKey() {
        String old = cipher.encrypt("hunter2", ENTRY);
        SecretsCipher rotated = new SecretsCipher(KeyRing.parse(key(2), "k2", "k1=" + key(1)));
        assertEquals("hunter2", rotated.decrypt(old, ENTRY));
        assertFalse(rotated.isCurrent(old));
        String rewrapped = rotated.encrypt(rotated.decrypt(old, ENTRY), ENTRY);
        assertTrue(rotated.isCurrent(rewrapped));
        SecretsCipher onlyNew = new SecretsCipher(KeyRing.parse(key(2), "k2", null));
        assertEquals("hunter2", onlyNew.decrypt(rewrapped, ENTRY));
        assertThrows(UndecryptableSecretException.class, () -> onlyNew.decrypt(old, ENTRY));
    }

    @Test
    void malformedStoredValuesAreRefused() {
        assertThrows(UndecryptableSecretException.class, () -> cipher.decrypt("plain", ENTRY));
        assertThrows(UndecryptableSecretException.class, () -> cipher.decrypt("enc:v1:k1:***", ENTRY));
        assertThrows(UndecryptableSecretException.class, () -> cipher.decrypt("enc:v1:k1:AAAA", ENTRY));
        assertFalse(SecretsCipher.isSealed("plain"));
        assertFalse(SecretsCipher.isSealed(null));
    }

    @Test
    void anEmptyValueIsEncryptedToo() {
        String stored = cipher.encrypt("", ENTRY);
        assertTrue(SecretsCipher.isSealed(stored));
        assertEquals("", cipher.decrypt(stored, ENTRY));
    }
}
