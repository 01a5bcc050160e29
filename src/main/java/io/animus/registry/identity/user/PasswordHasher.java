package io.animus.registry.identity.user;

import io.animus.registry.identity.AuthConfig;

import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * Hashes and checks passwords with bcrypt at the configured work factor.
 * <p>
 * It keeps a dummy hash of the same cost, so that a login for an unknown username does the same
 * hashing work as one for a known username and the answer time does not tell them apart. The dummy
 * is random salt and random digest bytes at the configured cost, so making it costs nothing at start
 * while checking a password against it costs a full bcrypt run.
 */
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
        this.dummyHash = randomHash(cost);
    }

    /** A well-formed bcrypt hash of the given cost that no password produces (a random digest). */
    static String randomHash(int cost) {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[BCryptPassword.BCRYPT_SALT_SIZE];
        byte[] digest = new byte[BCryptPassword.BCRYPT_HASH_SIZE];
        random.nextBytes(salt);
        random.nextBytes(digest);
        try {
            return ModularCrypt.encodeAsString(BCryptPassword.createRaw(BCryptPassword.ALGORITHM_BCRYPT, digest, salt, cost));
        } catch (InvalidKeySpecException e) {
            throw new IllegalStateException("bcrypt cannot encode a hash of cost " + cost, e);
        }
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
