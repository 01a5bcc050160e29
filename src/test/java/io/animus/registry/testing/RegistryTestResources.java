package io.animus.registry.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Declares the test resources that every {@code @QuarkusTest} of the registry runs with. */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public final class RegistryTestResources {
    private RegistryTestResources() {
    }
}
