package io.animus.registry.testing;

import java.util.Set;

import io.animus.registry.identity.Role;
import io.smallrye.jwt.build.Jwt;

/** Access tokens for tests, signed with the test-only key the test profile verifies. */
public final class Tokens {

    private Tokens() {
    }

    public static String forUser(int id, String username, Role role) {
        return Jwt.upn(username).subject(String.valueOf(id)).groups(Set.of(role.label())).expiresIn(600).sign();
    }

    /** A token carrying the user's token version {@code version} (a user whose version moved refuses the others). */
    public static String forUser(int id, String username, Role role, int version) {
        return Jwt.upn(username).subject(String.valueOf(id)).groups(Set.of(role.label())).claim("ver", version).expiresIn(600).sign();
    }
}
