package io.animus.registry.images;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JVM image built from a jar without a trained AOT cache: the JVM notes the missing file and serves. */
class JvmImageWithoutCacheIT extends ServingImageChecks {

    @RegisterExtension
    static final ServingContainer SERVING = new ServingContainer(Images.JVM_NO_CACHE);

    @Override
    ServingContainer serving() {
        return SERVING;
    }

    @Test
    void theJvmRunsWithoutACache() {
        assertFalse(SERVING.deployment.mappedFiles().contains("/deployments/app.aot"), "an AOT cache is mapped");
    }

    @Test
    void theJvmRunsTheFlagsOfTheArgumentFile() {
        JvmFlagsInContainer.assertApplied();
    }
}
