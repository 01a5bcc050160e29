package io.animus.registry.images;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Dockerfile.native with the native binary. */
class NativeImageIT extends ServingImageChecks {

    @RegisterExtension
    static final ServingContainer SERVING = new ServingContainer(Images.NATIVE);

    @Override
    ServingContainer serving() {
        return SERVING;
    }
}
