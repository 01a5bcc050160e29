package io.animus.registry.agent;

import java.util.List;

import io.animus.registry.identity.Role;

/**
 * Which agents a user may see: an agent is visible when {@code visible_to_users} is NULL or holds the
 * user's id, and {@code visible_to_roles} is NULL or holds the user's role. Admins see every agent.
 * An agent a user may not see is answered as absent (404), so that its existence does not leak.
 */
public final class AgentVisibility {

    /** The same rule as SQL over {@code agents a}, with parameters {@code :viewer_id} and {@code :viewer_role}. */
    public static final String SQL = "(a.visible_to_users IS NULL OR a.visible_to_users @> to_jsonb(CAST(:viewer_id AS integer)))"
            + " AND (a.visible_to_roles IS NULL OR jsonb_exists(a.visible_to_roles, :viewer_role))";

    private AgentVisibility() {
    }

    public static boolean canSee(Agent agent, Integer userId, Role role) {
        return canSee(agent.visibleToUsers, agent.visibleToRoles, userId, role);
    }

    /** The rule over an agent's two visibility lists (null: no restriction), as a cached or stored copy holds them. */
    public static boolean canSee(List<Integer> visibleToUsers, List<String> visibleToRoles, Integer userId, Role role) {
        if (role == Role.ADMIN) {
            return true;
        }
        boolean byUser = visibleToUsers == null || visibleToUsers.contains(userId);
        boolean byRole = visibleToRoles == null || visibleToRoles.contains(role.label());
        return byUser && byRole;
    }
}
