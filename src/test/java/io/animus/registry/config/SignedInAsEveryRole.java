package io.animus.registry.config;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import io.animus.registry.config.ConfigFixtures.Login;
import io.animus.registry.identity.Role;

/** The sign-in of the configuration tests: before each test, a fresh admin, user and viewer with their access tokens. */
abstract class SignedInAsEveryRole {

    @Inject
    ConfigFixtures fixtures;

    Login admin;
    Login user;
    Login viewer;

    @BeforeEach
    void signIn() {
        admin = fixtures.user(Role.ADMIN);
        user = fixtures.user(Role.USER);
        viewer = fixtures.user(Role.VIEWER);
    }
}
