package io.animus.registry.images;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JVM image with the AOT cache trained by the packaged-app tests: the JVM maps it and serves. */
class JvmImageIT extends ServingImageChecks {

    @RegisterExtension
    static final ServingContainer SERVING = new ServingContainer(Images.JVM);

    @Override
    ServingContainer serving() {
        return SERVING;
    }

    @Test
    void theJvmUsesTheAotCache() {
        assertTrue(SERVING.deployment.mappedFiles().contains("/deployments/app.aot"), "the AOT cache is not mapped");
        assertFalse(SERVING.deployment.logs().contains("[aot]"), SERVING.deployment.logs());
    }

    @Test
    void theJvmRunsTheFlagsOfTheArgumentFile() {
        JvmFlagsInContainer.assertApplied();
    }
}
