package io.animus.registry.identity;

/**
 * The one place that names the roles, as they appear in {@code @RolesAllowed} (which takes
 * constants) and in the {@code groups} claim of access tokens. The users' roles are also the
 * constants of {@link Role}, built from these names; the service roles belong to service keys only.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String USER = "user";
    public static final String VIEWER = "viewer";
    /** The role of Broca, the service that carries chat messages to the agents; held by service keys, never by users. */
    public static final String BROCA = "broca";
    /** The role of a module (MCP, SMCP, an agent's module, the agent runtime): reads its own configuration; held by service keys, never by users. */
    public static final String MODULE = "module";

    private Roles() {
    }
}
