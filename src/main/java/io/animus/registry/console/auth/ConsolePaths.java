package io.animus.registry.console.auth;

/** Which request paths belong to the web console: everything but the API, the management endpoints and static files. */
public final class ConsolePaths {

    private ConsolePaths() {
    }

    public static boolean isConsole(String path) {
        return path != null && !path.startsWith("/api/") && !path.startsWith("/q/") && !path.startsWith("/webjars/")
                && !path.startsWith("/console/");
    }
}
