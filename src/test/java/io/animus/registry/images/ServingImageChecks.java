package io.animus.registry.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.animus.registry.packaged.PackagedAppFlows;

/**
 * The packaged-app flows against a serving container of an image, and what every serving container
 * must show: the one-shot container of the migration image exited with 0, and the service runs as the image's
 * non-root user with the Secret's group, reading its keys from the read-only mount.
 */
abstract class ServingImageChecks extends PackagedAppFlows {

    abstract ServingContainer serving();

    @Test
    void theMigrationRanAsAOneShotContainerThatExitedWithZero() {
        assertEquals(0, serving().migration.exitCode(), serving().migration.output());
        assertTrue(serving().migration.output().contains("changesets; the schema is current"), serving().migration.output());
    }

    @Test
    void theServiceRunsAsANonRootUserWithTheSecretsGroup() {
        List<String> uids = Arrays.asList(serving().deployment.status("Uid").split("\\s+"));
        assertTrue(uids.stream().noneMatch("0"::equals), "uids " + uids);
        List<String> groups = Arrays.asList(serving().deployment.status("Groups").split("\\s+"));
        assertTrue(groups.contains(Integer.toString(Deployment.FS_GROUP)), "groups " + groups);
        assertNotEquals("", serving().deployment.status("VmRSS"));
    }
}
