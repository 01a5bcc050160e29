package io.animus.registry.packaged;

import io.animus.registry.testing.PackagedAppSettings;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The key flows of the registry against the packaged application, as it runs in production:
 * the fast-jar, the AOT jar or the native binary, over HTTP, on a real PostgreSQL.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedAppSettings.class, restrictToAnnotatedClass = true)
class PackagedAppIT extends PackagedAppFlows {
}
