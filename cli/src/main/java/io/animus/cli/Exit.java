package io.animus.cli;

/** The exit statuses of {@code animus}, fixed in DESIGN.md so that scripts can tell failures apart. */
public final class Exit {

    /** Done. */
    public static final int OK = 0;
    /** Any other failure: absent (404), conflict (409), stale version (412), the registry failed (5xx). */
    public static final int ERROR = 1;
    /** A wrong command line, a body the registry refused (422), a bad file, a question nobody can answer. */
    public static final int USAGE = 2;
    /** The registry refused the credentials (401) or the role (403). */
    public static final int REFUSED = 3;
    /** The registry could not be reached. */
    public static final int UNREACHABLE = 4;

    private Exit() {
    }
}
