package io.animus.registry.config;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import io.animus.registry.config.ConfigFixtures.Login;
import io.animus.registry.identity.Role;

/** The sign-in of the configuration tests (and of others that read configuration): before each test, a fresh admin, user and viewer with their access tokens. */
public abstract class SignedInAsEveryRole {

    @Inject
    protected ConfigFixtures fixtures;

    protected Login admin;
    protected Login user;
    protected Login viewer;

    @BeforeEach
    void signIn() {
        admin = fixtures.user(Role.ADMIN);
        user = fixtures.user(Role.USER);
        viewer = fixtures.user(Role.VIEWER);
    }
}
