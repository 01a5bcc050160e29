package io.animus.registry.devmode;

import java.nio.file.Path;

/** Where the service keeps its own files: the embedded database and generated dev keys. */
public final class DataDirectory {

    /** The setting that names the folder ({@code ANIMUS_DATA_DIR}). */
    public static final String PROPERTY = "animus.data-dir";

    private DataDirectory() {
    }

    /** The configured folder, or {@code ~/.animus-registry} when none is configured. */
    public static Path resolve(String configured) {
        if (configured == null || configured.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".animus-registry");
        }
        if (configured.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), configured.substring(2));
        }
        return Path.of(configured).toAbsolutePath();
    }
}
