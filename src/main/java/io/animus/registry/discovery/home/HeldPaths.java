package io.animus.registry.discovery.home;

import java.util.HashSet;
import java.util.Set;

/**
 * The paths under the Animus home that a scan saw but could not use: a missing or unreadable root,
 * a folder behind a refused link, a manifest that cannot be read. Rows discovered from a held path
 * are left exactly as they are: a transient unmount or a half-written file must not switch anything Off.
 */
public final class HeldPaths {

    private final Set<String> prefixes = new HashSet<>();

    /** Holds a manifest ({@code tools/x/manifest.json}) or, ending in {@code /}, a whole folder; {@code ""} holds all. */
    public void hold(String pathOrFolder) {
        prefixes.add(pathOrFolder);
    }

    void holdAll() {
        prefixes.add("");
    }

    /** Whether {@code path}, a manifest path relative to the home, is held itself or by one of its folders. */
    public boolean covers(String path) {
        if (path == null || prefixes.isEmpty()) {
            return false;
        }
        if (prefixes.contains("") || prefixes.contains(path)) {
            return true;
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (prefixes.contains(path.substring(0, slash + 1))) {
                return true;
            }
        }
        return false;
    }
}
