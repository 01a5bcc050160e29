package io.animus.registry.identity;

import io.animus.registry.identity.session.RefreshTokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RefreshTokensTest {

    @Test
    void tokensAre256RandomBitsInBase64Url() {
        String token = RefreshTokens.generate();
        assertEquals(43, token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
        assertEquals(32, Base64.getUrlDecoder().decode(token).length);
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(RefreshTokens.generate());
        }
        assertEquals(1000, tokens.size());
    }

    @Test
    void theStoredFormIsTheSha256InHex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", RefreshTokens.hash("abc"));
        String token = RefreshTokens.generate();
        assertEquals(RefreshTokens.hash(token), RefreshTokens.hash(token));
        assertNotEquals(RefreshTokens.hash(token), RefreshTokens.hash(RefreshTokens.generate()));
    }
}
