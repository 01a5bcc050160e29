package io.animus.registry.images;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JVM image whose application jar changed after the AOT cache was trained (its modification
 * time): the JVM rejects the cache, runs with class-data sharing off, and still serves.
 */
class JvmImageRejectedCacheIT extends ServingImageChecks {

    @RegisterExtension
    static final ServingContainer SERVING = new ServingContainer(Images.JVM_REJECTED_CACHE);

    @Override
    ServingContainer serving() {
        return SERVING;
    }

    @Test
    void theJvmRejectedTheCacheAndSaysSo() {
        assertFalse(SERVING.deployment.mappedFiles().contains("/deployments/app.aot"), "the AOT cache is mapped");
        assertTrue(SERVING.deployment.logs().contains("[aot]"), SERVING.deployment.logs());
    }

    @Test
    void theJvmRunsTheFlagsOfTheArgumentFile() {
        JvmFlagsInContainer.assertApplied();
    }
}
