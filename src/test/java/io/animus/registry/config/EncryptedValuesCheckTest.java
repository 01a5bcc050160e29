package io.animus.registry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EncryptedValuesCheckTest {

    @Test
    void encryptedValuesWithoutAKeyStopTheStartNamingTheSetting() {
        IllegalStateException stop = assertThrows(IllegalStateException.class,
                () -> EncryptedValuesCheck.verify(false, Set.of(), Map.of("a1b2c3d4", 3L)));
        assertTrue(stop.getMessage().contains("ANIMUS_SECRETS_KEY"), stop.getMessage());
        assertTrue(stop.getMessage().contains("3 encrypted value"), stop.getMessage());
    }

    @Test
    void anEmptyDatabaseStartsWithoutAKey() {
        assertEquals(Optional.empty(), EncryptedValuesCheck.verify(false, Set.of(), Map.of()));
    }

    @Test
    void valuesUnderAKeyThatIsNotConfiguredStopTheStart() {
        IllegalStateException stop = assertThrows(IllegalStateException.class,
                () -> EncryptedValuesCheck.verify(true, Set.of("new"), Map.of("new", 5L, "old", 2L)));
        assertTrue(stop.getMessage().contains("[old]"), stop.getMessage());
        assertTrue(stop.getMessage().contains("ANIMUS_SECRETS_OLD_KEYS"), stop.getMessage());
    }

    @Test
    void valuesUnderCurrentAndOldKeysStart() {
        assertEquals(Optional.empty(), EncryptedValuesCheck.verify(true, Set.of("new", "old"), Map.of("new", 5L, "old", 2L)));
    }

    @Test
    void plaintextFlaggedEncryptedOnlyWarns() {
        assertTrue(EncryptedValuesCheck.verify(false, Set.of(), Map.of("", 2L)).orElseThrow().contains("rewrap"));
        assertTrue(EncryptedValuesCheck.verify(true, Set.of("k"), Map.of("", 1L, "k", 1L)).isPresent());
    }
}
