package io.animus.registry.identity.session;

import io.animus.registry.identity.session.SigningKeysCheck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class SigningKeysCheckTest {

    private static Function<String, Optional<String>> settings(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    @Test
    void refusesAStartWithoutKeysNamingBothSettingsAndTheirEnvironmentVariables() {
        IllegalStateException refused = assertThrows(SigningKeysCheck.MissingKeysException.class,
                () -> SigningKeysCheck.requireKeys(settings(Map.of())));
        assertTrue(refused.getMessage().contains("SMALLRYE_JWT_SIGN_KEY_LOCATION (smallrye.jwt.sign.key.location)"));
        assertTrue(refused.getMessage().contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION (mp.jwt.verify.publickey.location)"));
    }

    @Test
    void namesOnlyTheMissingKey() {
        List<String> missing = SigningKeysCheck.missingKeys(settings(Map.of("smallrye.jwt.sign.key.location", "/keys/private.pem")));
        assertEquals(1, missing.size());
        assertTrue(missing.get(0).startsWith("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
        missing = SigningKeysCheck.missingKeys(settings(Map.of("mp.jwt.verify.publickey.location", "/keys/public.pem")));
        assertEquals(1, missing.size());
        assertTrue(missing.get(0).startsWith("SMALLRYE_JWT_SIGN_KEY_LOCATION"));
    }

    @Test
    void aBlankSettingIsMissing() {
        assertEquals(2, SigningKeysCheck.missingKeys(settings(Map.of(
                "smallrye.jwt.sign.key.location", " ", "mp.jwt.verify.publickey.location", ""))).size());
    }

    @Test
    void acceptsKeysByLocationOrInline() {
        assertDoesNotThrow(() -> SigningKeysCheck.requireKeys(settings(Map.of(
                "smallrye.jwt.sign.key.location", "/keys/private.pem", "mp.jwt.verify.publickey.location", "/keys/public.pem"))));
        assertDoesNotThrow(() -> SigningKeysCheck.requireKeys(settings(Map.of(
                "smallrye.jwt.sign.key", "-----BEGIN PRIVATE KEY-----...", "mp.jwt.verify.publickey", "-----BEGIN PUBLIC KEY-----..."))));
    }

    @Test
    void namesAMissingKeyFileAndAcceptsReadableOnesAndClasspathLocations(@org.junit.jupiter.api.io.TempDir Path folder)
            throws IOException {
        Path readable = Files.writeString(folder.resolve("public.pem"), "key");
        IllegalStateException refused = assertThrows(SigningKeysCheck.UnreadableKeysException.class,
                () -> SigningKeysCheck.requireReadableKeyFiles(settings(Map.of("smallrye.jwt.sign.key.location",
                        folder.resolve("absent.pem").toString(), "mp.jwt.verify.publickey.location", readable.toString()))));
        assertTrue(refused.getMessage().contains("SMALLRYE_JWT_SIGN_KEY_LOCATION"), refused.getMessage());
        assertFalse(refused.getMessage().contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), refused.getMessage());
        assertDoesNotThrow(() -> SigningKeysCheck.requireReadableKeyFiles(settings(Map.of(
                "smallrye.jwt.sign.key.location", "keys/test-private.pem", "mp.jwt.verify.publickey.location", readable.toUri().toString()))));
    }

    @Test
    void theSourcesThatArePackagedHoldNoPrivateKey() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
            List<Path> keys = files.filter(Files::isRegularFile).filter(SigningKeysCheckTest::holdsPrivateKey).toList();
            assertEquals(List.of(), keys);
        }
        assertTrue(holdsPrivateKey(Path.of("src/test/resources/keys/test-private.pem")), "the scan recognises a key");
        assertFalse(holdsPrivateKey(Path.of("src/test/resources/keys/test-public.pem")));
    }

    private static boolean holdsPrivateKey(Path file) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains("PRIVATE KEY-----");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
