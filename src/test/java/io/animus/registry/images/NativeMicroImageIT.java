package io.animus.registry.images;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Dockerfile.native-micro with the native binary. */
class NativeMicroImageIT extends ServingImageChecks {

    @RegisterExtension
    static final ServingContainer SERVING = new ServingContainer(Images.NATIVE_MICRO);

    @Override
    ServingContainer serving() {
        return SERVING;
    }
}
