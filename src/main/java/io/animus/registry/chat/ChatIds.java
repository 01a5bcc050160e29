package io.animus.registry.chat;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Identifiers of chat sessions and claims. A session's {@code id} is 32 random bytes in base64url
 * (43 characters): it names the session in URLs and cannot be guessed. Its {@code uid} is 10
 * characters of Crockford's base32 alphabet (50 random bits), short enough to read out and show.
 * A {@code SecureRandom} is made per call rather than kept in a static field, which a native image
 * would otherwise freeze at build time.
 */
public final class ChatIds {

    private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    static final int UID_LENGTH = 10;

    private ChatIds() {
    }

    static String sessionId() {
        return randomBase64(32);
    }

    static String uid() {
        SecureRandom random = new SecureRandom();
        char[] uid = new char[UID_LENGTH];
        for (int i = 0; i < uid.length; i++) {
            uid[i] = BASE32[random.nextInt(BASE32.length)];
        }
        return new String(uid);
    }

    /** The token of one claim: 16 random bytes in base64url. */
    public static String claimToken() {
        return randomBase64(16);
    }

    private static String randomBase64(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
