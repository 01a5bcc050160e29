package io.animus.registry.config;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.animus.registry.agent.AgentService;
import io.animus.registry.agent.AgentVisibility;
import io.animus.registry.identity.CurrentUser;

/**
 * Which configuration entries the current user may read. Admins read everything. Users and
 * viewers read system entries and tool entries, entries of agents visible to them (the rule of
 * {@link AgentVisibility}), and user-scoped configurations of their own; environment variables are
 * for admins only. An entry they may not read answers 404, as an invisible agent does, so that its
 * existence does not leak.
 */
@RequestScoped
public class ConfigReadAccess {

    /** An id list for an IN clause that matches no row (no id is negative); such a list is never empty. */
    public static final List<Integer> NONE = List.of(-1);

    @Inject
    CurrentUser currentUser;

    @Inject
    AgentService agents;

    private List<Integer> visibleAgents;

    public boolean isAdmin() {
        return currentUser.isAdmin();
    }

    /** The current user's id, or an id no user has. */
    public Integer userIdOrNone() {
        return currentUser.id() == null ? NONE.get(0) : currentUser.id();
    }

    public boolean canSeeAgent(Integer agentId) {
        return isAdmin() || agentId != null && agents.find(agentId).isPresent();
    }

    /** Whether the current user may see an agent with these visibility lists. */
    public boolean canSeeAgent(List<Integer> visibleToUsers, List<String> visibleToRoles) {
        return isAdmin() || AgentVisibility.canSee(visibleToUsers, visibleToRoles, currentUser.id(), currentUser.role());
    }

    /** Whether the current user may read a configuration of this scope. */
    public boolean canSee(Scope scope, Integer scopeId) {
        if (isAdmin()) {
            return true;
        }
        return switch (scope) {
            case SYSTEM, TOOL -> true;
            case AGENT -> canSeeAgent(scopeId);
            case USER -> scopeId != null && scopeId.equals(currentUser.id());
        };
    }

    /** Whether the current user may read the entry (and its history). */
    public boolean canSee(EntryKey key) {
        return switch (key.table()) {
            case ENV_VARS -> isAdmin();
            case SYSTEM_CONFIG -> true;
            case CONFIGURATIONS -> canSee(key.scope(), key.ownerId());
            case AGENT_CONFIGS -> canSeeAgent(key.ownerId());
        };
    }

    /** The ids of the agents visible to a user who is not an admin, for an IN clause: never empty. */
    public List<Integer> visibleAgentIds() {
        if (visibleAgents == null) {
            List<Integer> ids = agents.visibleIds();
            visibleAgents = ids.isEmpty() ? NONE : ids;
        }
        return visibleAgents;
    }
}
