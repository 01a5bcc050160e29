package io.animus.registry.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class KeyRingTest {

    static String key(int seed) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static SecretsConfig config(String key, String keyId, String oldKeys) {
        return new SecretsConfig() {
            @Override
            public Optional<String> key() {
                return Optional.ofNullable(key);
            }

            @Override
            public Optional<String> keyId() {
                return Optional.ofNullable(keyId);
            }

            @Override
            public Optional<String> oldKeys() {
                return Optional.ofNullable(oldKeys);
            }
        };
    }

    @Test
    void theDefaultIdIsTheStartOfTheKeysSha256() {
        KeyRing ring = KeyRing.parse(key(1), null, null);
        assertEquals(KeyRing.defaultId(Base64.getDecoder().decode(key(1))), ring.currentId());
        assertTrue(ring.currentId().matches("[0-9a-f]{8}"));
        assertEquals(List.of(ring.currentId()), List.copyOf(ring.ids()));
        assertArrayEquals(Base64.getDecoder().decode(key(1)), ring.current().getEncoded());
    }

    @Test
    void anExplicitIdAndOldKeysAreRead() {
        KeyRing ring = KeyRing.parse(key(2), "k2", "k1=" + key(1) + ", k0=" + key(0));
        assertEquals("k2", ring.currentId());
        assertEquals(List.of("k2", "k1", "k0"), List.copyOf(ring.ids()));
        assertArrayEquals(Base64.getDecoder().decode(key(1)), ring.find("k1").orElseThrow().getEncoded());
        assertTrue(ring.find("k9").isEmpty());
    }

    @Test
    void aKeyOfAnotherLengthIsRefusedNamingTheSettingAndTheLength() {
        String sixteen = Base64.getEncoder().encodeToString(new byte[16]);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> KeyRing.parse(sixteen, null, null));
        assertTrue(refused.getMessage().contains("ANIMUS_SECRETS_KEY"), refused.getMessage());
        assertTrue(refused.getMessage().contains("32"), refused.getMessage());
        assertTrue(refused.getMessage().contains("16 bytes"), refused.getMessage());
        assertFalse(refused.getMessage().contains(sixteen));
    }

    @Test
    void aKeyThatIsNotBase64IsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.parse("not base64 at all!", null, null));
        assertTrue(refused.getMessage().contains("ANIMUS_SECRETS_KEY"));
        assertFalse(refused.getMessage().contains("not base64 at all!"));
    }

    @Test
    void badOldKeysAndIdsAreRefusedNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyRing.parse(key(1), null, "nokey"))
                .getMessage().contains("ANIMUS_SECRETS_OLD_KEYS"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyRing.parse(key(1), null, "a=" + Base64.getEncoder().encodeToString(new byte[8])))
                .getMessage().contains("ANIMUS_SECRETS_OLD_KEYS"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyRing.parse(key(1), "has:colon", null))
                .getMessage().contains("ANIMUS_SECRETS_KEY_ID"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyRing.parse(key(1), "same", "same=" + key(2)))
                .getMessage().contains("already names another key"));
    }

    @Test
    void noKeyMeansNoRingButOldKeysAloneAreAMistake() {
        assertTrue(KeyRing.of(config(null, null, null)).isEmpty());
        assertTrue(KeyRing.of(config("  ", null, null)).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> KeyRing.of(config(null, null, "k1=" + key(1))));
        assertEquals("x", KeyRing.of(config(key(1), "x", null)).orElseThrow().currentId());
    }
}
