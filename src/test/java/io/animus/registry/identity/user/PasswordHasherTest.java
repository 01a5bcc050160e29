package io.animus.registry.identity.user;

import io.animus.registry.identity.user.PasswordHasher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(5);

    @Test
    void hashesWithBcryptAtTheConfiguredCost() {
        String hash = hasher.hash("Violet-Harbour-Lantern-42");
        assertTrue(hash.matches("^\\$2a\\$05\\$[./A-Za-z0-9]{53}$"), hash);
        assertFalse(hash.contains("Violet"));
    }

    @Test
    void saltsEachHash() {
        assertNotEquals(hasher.hash("Violet-Harbour-Lantern-42"), hasher.hash("Violet-Harbour-Lantern-42"));
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("Violet-Harbour-Lantern-42");
        assertTrue(hasher.verify("Violet-Harbour-Lantern-42", hash));
        assertFalse(hasher.verify("violet-Harbour-Lantern-42", hash));
        assertFalse(hasher.verify("", hash));
        assertFalse(hasher.verify(null, hash));
    }

    @Test
    void verifiesPasswordsOutsideAscii() {
        String hash = hasher.hash("pässwörd-ünïcode-ok");
        assertTrue(hasher.verify("pässwörd-ünïcode-ok", hash));
        assertFalse(hasher.verify("passwörd-ünïcode-ok", hash));
    }

    @Test
    void aMalformedHashMatchesNothingAndThrowsNothing() {
        assertFalse(hasher.verify("anything", "not-a-hash"));
        assertFalse(hasher.verify("anything", ""));
        assertFalse(hasher.verify("anything", null));
    }

    @Test
    void tellsHashesOfAnotherCostApart() {
        assertFalse(hasher.needsRehash(hasher.hash("Violet-Harbour-Lantern-42")));
        assertTrue(hasher.needsRehash(new PasswordHasher(4).hash("Violet-Harbour-Lantern-42")));
        assertTrue(hasher.needsRehash("not-a-hash"));
        assertEquals(5, hasher.cost());
    }

    @Test
    void theDummyHashIsAWellFormedHashOfTheConfiguredCostThatNoPasswordMatches() {
        String dummy = PasswordHasher.randomHash(5);
        assertTrue(dummy.matches("^\\$2a\\$05\\$[./A-Za-z0-9]{53}$"), dummy);
        assertFalse(hasher.needsRehash(dummy));
        assertNotEquals(dummy, PasswordHasher.randomHash(5));
        assertFalse(hasher.verify("", dummy));
        assertFalse(hasher.verify("Violet-Harbour-Lantern-42", dummy));
    }

    @Test
    void aHashOfAnotherCostIsNotTakenForTheDummy() {
        assertTrue(hasher.needsRehash(PasswordHasher.randomHash(6)));
    }
}
