package io.animus.registry.config;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.animus.registry.agent.Agent;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.Role;

/**
 * Which configuration entries the current user may read. Admins read everything. Users and
 * viewers read system entries and tool entries, entries of agents visible to them (DESIGN: a
 * NULL list, or one that names their id / role), and user-scoped configurations of their own;
 * environment variables are for admins only. An entry they may not read answers 404, as an
 * invisible agent does, so that its existence does not leak.
 */
@RequestScoped
public class ConfigReadAccess {

    @Inject
    CurrentUser currentUser;

    private Set<Integer> visibleAgents;

    public boolean isAdmin() {
        return currentUser.isAdmin();
    }

    public Integer userId() {
        return currentUser.id();
    }

    /** Whether an agent is visible to a user of a role, by the agent's two visibility lists. */
    public static boolean isVisible(List<Integer> visibleToUsers, List<String> visibleToRoles, Integer userId, Role role) {
        return (visibleToUsers == null || visibleToUsers.contains(userId))
                && (visibleToRoles == null || visibleToRoles.contains(role.label()));
    }

    public boolean canSeeAgent(Integer agentId) {
        return isAdmin() || visibleAgentIds().contains(agentId);
    }

    /** Whether the current user may see an agent with these visibility lists. */
    public boolean canSeeAgent(List<Integer> visibleToUsers, List<String> visibleToRoles) {
        return isAdmin() || isVisible(visibleToUsers, visibleToRoles, currentUser.id(), currentUser.role());
    }

    /** Whether the current user may read a configuration of this scope. */
    public boolean canSee(Scope scope, Integer scopeId) {
        if (isAdmin()) {
            return true;
        }
        return switch (scope) {
            case SYSTEM, TOOL -> true;
            case AGENT -> visibleAgentIds().contains(scopeId);
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

    /** The agents visible to the current user (every agent for an admin is not listed: check {@link #isAdmin} first). */
    public Set<Integer> visibleAgentIds() {
        if (visibleAgents == null) {
            Integer userId = currentUser.id();
            Role role = currentUser.role();
            List<Agent> agents = Agent.listAll();
            visibleAgents = agents.stream()
                    .filter(agent -> isVisible(agent.visibleToUsers, agent.visibleToRoles, userId, role))
                    .map(agent -> agent.id)
                    .collect(Collectors.toUnmodifiableSet());
        }
        return visibleAgents;
    }
}
