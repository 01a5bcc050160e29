package io.animus.registry.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Assumptions;

/**
 * The images that {@code src/test/images/build-images.sh} built for this run, by variant, as listed
 * in {@code target/images/images.properties}; a variant it could not build carries the reason.
 */
enum Images {
    /** Dockerfile.jvm with the AOT cache the packaged-app tests trained. */
    JVM("jvm"),
    /** The same image with a jar whose modification time differs from training: the JVM rejects the cache. */
    JVM_REJECTED_CACHE("jvm-rejected-cache"),
    /** The same image without the cache file. */
    JVM_NO_CACHE("jvm-no-cache"),
    /** Dockerfile.native with the native binary. */
    NATIVE("native"),
    /** Dockerfile.native-micro with the native binary. */
    NATIVE_MICRO("native-micro"),
    /** migrate/src/main/docker/Dockerfile.jvm: the one-shot schema migration, JVM mode. */
    MIGRATE_JVM("migrate-jvm"),
    /** migrate/src/main/docker/Dockerfile.native with the migration's native executable. */
    MIGRATE_NATIVE("migrate-native");

    static final Path LIST = Path.of("target", "images", "images.properties");

    final String key;

    Images(String key) {
        this.key = key;
    }

    /** The image's name; the test is skipped, with the build script's reason, when it was not built. */
    String image() {
        Optional<String> name = Optional.ofNullable(list().getProperty(key));
        Assumptions.assumeTrue(name.isPresent(), () -> "image " + key + " not built: "
                + list().getProperty(key + ".skipped", "not listed in " + LIST + " (run ./mvnw verify -Pimages)"));
        return name.get();
    }

    /** Whether the image runs the JVM (rather than the native binary). */
    boolean jvm() {
        return key.startsWith("jvm") || this == MIGRATE_JVM;
    }

    /**
     * The migration image that runs before a serving container of this image: the native one beside a native
     * serving image when it was built, else the JVM one (which every run of the profile builds).
     */
    String migration() {
        if (!jvm() && list().getProperty(MIGRATE_NATIVE.key) != null) {
            return MIGRATE_NATIVE.image();
        }
        return MIGRATE_JVM.image();
    }

    private static Properties list() {
        Properties list = new Properties();
        try (InputStream in = Files.newInputStream(LIST)) {
            list.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no list of built images at " + LIST + ": run ./mvnw verify -Pimages", e);
        }
        return list;
    }
}
