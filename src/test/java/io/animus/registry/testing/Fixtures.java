package io.animus.registry.testing;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.animus.registry.identity.Role;
import io.animus.registry.identity.user.User;

/** Rows that tests need before they can speak to the API: users with a role, and their tokens. */
@ApplicationScoped
public class Fixtures {

    /** A stored user and an access token for them. */
    public record Caller(int id, String username, Role role, String token) {
        public String bearer() {
            return "Bearer " + token;
        }
    }

    /** A new user of the given role, unable to log in by password (tests use minted tokens). */
    @Transactional
    public Caller caller(Role role) {
        User user = new User();
        user.username = role.label() + "-" + UUID.randomUUID().toString().substring(0, 8);
        user.email = user.username + "@example.test";
        user.passwordHash = "!";
        user.role = role;
        user.persistAndFlush();
        return new Caller(user.id, user.username, role, Tokens.forUser(user.id, user.username, role));
    }

    /** A unique suffix for names that must not collide between tests. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
