package io.animus.registry.identity.user;

import java.util.Map;

import jakarta.inject.Singleton;

import io.animus.registry.web.KnownConstraints;

/** What breaking a constraint of the users table means to the caller. */
@Singleton
class UserConstraints implements KnownConstraints {

    @Override
    public Map<String, String> meanings() {
        return Map.of(
                "idx_users_username", "a user with this username already exists",
                "idx_users_email", "a user with this email already exists");
    }
}
