package io.animus.registry.config;

import io.animus.registry.config.secret.EncryptedValuesCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EncryptedValuesCheckTest {

    @Test
    void encryptedValuesWithoutAKeyStopTheStartNamingTheSetting() {
        IllegalStateException stop = assertThrows(IllegalStateException.class,
                () -> EncryptedValuesCheck.verify(false, Set.of(), Set.of("a1b2c3d4")));
        assertTrue(stop.getMessage().contains("ANIMUS_SECRETS_KEY"), stop.getMessage());
        assertTrue(stop.getMessage().contains("[a1b2c3d4]"), stop.getMessage());
    }

    @Test
    void anEmptyDatabaseStartsWithoutAKey() {
        assertEquals(Optional.empty(), EncryptedValuesCheck.verify(false, Set.of(), Set.of()));
    }

    @Test
    void valuesUnderAKeyThatIsNotConfiguredStopTheStart() {
        IllegalStateException stop = assertThrows(IllegalStateException.class,
                () -> EncryptedValuesCheck.verify(true, Set.of("new"), Set.of("new", "old")));
        assertTrue(stop.getMessage().contains("[old]"), stop.getMessage());
        assertTrue(stop.getMessage().contains("ANIMUS_SECRETS_OLD_KEYS"), stop.getMessage());
    }

    @Test
    void valuesUnderCurrentAndOldKeysStart() {
        assertEquals(Optional.empty(), EncryptedValuesCheck.verify(true, Set.of("new", "old"), Set.of("new", "old")));
    }

    @Test
    void plaintextFlaggedEncryptedOnlyWarns() {
        assertTrue(EncryptedValuesCheck.verify(false, Set.of(), Set.of("")).orElseThrow().contains("rewrap"));
        assertTrue(EncryptedValuesCheck.verify(true, Set.of("k"), Set.of("", "k")).isPresent());
    }
}
