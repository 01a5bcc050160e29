package io.animus.registry.identity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.runtime.Startup;

/**
 * Hashes and checks passwords with bcrypt at the configured work factor.
 * <p>
 * It keeps a dummy hash of the same cost, so that a login for an unknown username does the same
 * hashing work as one for a known username and the answer time does not tell them apart.
 */
@Startup
@Singleton
public class PasswordHasher {

    /** bcrypt reads no more than the first 72 bytes of a password. */
    public static final int MAX_BYTES = 72;

    private static final Pattern COST = Pattern.compile("^\\$2[abxy]?\\$(\\d{2})\\$");

    private final int cost;
    private final String dummyHash;

    @Inject
    public PasswordHasher(AuthConfig config) {
        this(config.bcryptCost());
    }

    public PasswordHasher(int cost) {
        this.cost = cost;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.dummyHash = hash(Base64.getEncoder().encodeToString(random));
    }

    /** A new salted hash of {@code password}, in the modular crypt format ({@code $2a$<cost>$...}). */
    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    /** Whether {@code password} is the one {@code hash} was made from; never throws on a malformed hash. */
    public boolean verify(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        try {
            return BcryptUtil.matches(password, hash);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Checks {@code password} against a hash that matches no password, to spend the same time as {@link #verify}. */
    public void verifyDummy(String password) {
        verify(password == null ? "" : password, dummyHash);
    }

    /** Whether {@code hash} was made at another work factor than the configured one, and should be made again. */
    public boolean needsRehash(String hash) {
        Matcher matcher = COST.matcher(hash == null ? "" : hash);
        return !matcher.find() || Integer.parseInt(matcher.group(1)) != cost;
    }

    public int cost() {
        return cost;
    }
}
