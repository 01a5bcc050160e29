package io.animus.registry.images;

import java.time.Duration;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.restassured.RestAssured;

/**
 * A serving container of an image for a test class: the one-shot container of the migration image runs first
 * and must exit with 0, then the serving container starts, and RestAssured talks to it.
 * The time from {@code podman run} to ready and the resident memory after the class's requests go to
 * {@code target/images/figures.txt}.
 */
final class ServingContainer implements BeforeAllCallback, AfterAllCallback {

    final Images variant;
    Deployment deployment;
    Podman.Result migration;
    Duration readyAfter;

    ServingContainer(Images variant) {
        this.variant = variant;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        deployment = new Deployment(variant);
        String image = deployment.image;
        migration = deployment.migrate();
        if (migration.exitCode() != 0) {
            throw new IllegalStateException("the migration container (" + deployment.migration + ") before " + image
                    + " exited with " + migration.exitCode()
                    + ": " + migration.output());
        }
        readyAfter = deployment.serve(true);
        RestAssured.port = deployment.port;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (deployment == null) {
            return;
        }
        try {
            if (readyAfter != null) {
                Deployment.figure(String.format("%-20s %-52s ready %6d ms after podman run, RSS %s after the flows",
                        variant.key, deployment.image, readyAfter.toMillis(), deployment.status("VmRSS")));
            }
        } finally {
            RestAssured.reset();
            deployment.close();
        }
    }
}
