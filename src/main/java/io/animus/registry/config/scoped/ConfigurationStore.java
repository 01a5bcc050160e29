package io.animus.registry.config.scoped;

import io.animus.registry.config.ConfigReadAccess;
import io.animus.registry.config.ConfigTable;
import io.animus.registry.config.EntryKey;
import io.animus.registry.config.EntryService;
import io.animus.registry.config.Scope;
import io.animus.registry.config.history.EntryState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.agent.Agent;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.user.User;
import io.animus.registry.tool.Tool;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.quarkus.panache.common.Sort;

/**
 * Reads and writes of {@code configurations}, under the read rule of {@link ConfigReadAccess}: entries
 * keyed by scope, scope_id and key, which never change after creation.
 */
@ApplicationScoped
public class ConfigurationStore extends EntryService<Configuration, Integer, ConfigurationRequest> {

    @Inject
    CurrentUser currentUser;

    @Inject
    ConfigReadAccess access;

    /** The filters of the configuration list; null means any. */
    public record Filter(Scope scope, Integer scopeId, String key) {
    }

    /** The configurations that match the filter and that the current user may read, by id. */
    public Page<ConfigurationResponse> list(Filter filter, PageRequest page) {
        boolean all = access.isAdmin();
        return Page.of(Configuration.find("(:scope is null or scope = :scope) and (:scopeId is null or scopeId = :scopeId)"
                + " and (:key is null or key = :key) and (:all = true or scope in :open"
                + " or (scope = :agent and scopeId in :agents) or (scope = :user and scopeId = :me))", Sort.by("id"),
                named("scope", filter.scope(), "scopeId", filter.scopeId(), "key", filter.key(), "all", all,
                        "open", List.of(Scope.SYSTEM, Scope.TOOL), "agent", Scope.AGENT, "user", Scope.USER,
                        "agents", all ? ConfigReadAccess.NONE : access.visibleAgentIds(), "me", access.userIdOrNone())),
                page, ConfigurationResponse::from);
    }

    @Override
    protected Optional<Configuration> byId(Integer id) {
        return Configuration.findByIdOptional(id);
    }

    @Override
    protected String absent(Integer id) {
        return "No configuration has the id " + id;
    }

    @Override
    protected EntryKey keyOfNew(ConfigurationRequest request) {
        return EntryKey.configuration(request.scope(), request.scopeId(), request.key());
    }

    @Override
    protected boolean readable(Configuration entry) {
        return access.canSee(entry.scope, entry.scopeId);
    }

    @Override
    public ConfigTable table() {
        return ConfigTable.CONFIGURATIONS;
    }

    @Override
    public EntryKey keyOf(Configuration entry) {
        return EntryKey.configuration(entry.scope, entry.scopeId, entry.key);
    }

    @Override
    public EntryState stateOf(Configuration entry) {
        ObjectNode details = EntryState.emptyDetails().put("description", entry.description);
        return new EntryState(entry.value, entry.type, entry.encrypted, details);
    }

    @Override
    public Instant updatedAt(Configuration entry) {
        return entry.updatedAt;
    }

    @Override
    protected Optional<Configuration> findByKey(EntryKey key) {
        return key.ownerId() == null
                ? Configuration.find("scope = ?1 and scopeId is null and key = ?2", key.scope(), key.name()).firstResultOptional()
                : Configuration.find("scope = ?1 and scopeId = ?2 and key = ?3", key.scope(), key.ownerId(), key.name())
                        .firstResultOptional();
    }

    @Override
    protected Configuration newEntry(EntryKey key) {
        checkScope(key.scope(), key.ownerId());
        Configuration entry = new Configuration();
        entry.scope = key.scope();
        entry.scopeId = key.ownerId();
        entry.key = key.name();
        entry.createdBy = currentUser.reference();
        return entry;
    }

    @Override
    protected void assign(Configuration entry, EntryState state) {
        entry.value = state.value();
        entry.type = state.type();
        entry.encrypted = state.encrypted();
        entry.description = text(state.details(), "description");
    }

    @Override
    protected List<Configuration> lockEncrypted() {
        return Configuration.find("encrypted = true order by id").withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Refuses with 422 a scope_id that the scope does not allow or that names no agent, tool or user. */
    private static void checkScope(Scope scope, Integer scopeId) {
        if (scope == Scope.SYSTEM) {
            if (scopeId != null) {
                throw ProblemException.invalid("scope_id", "must be null for the system scope");
            }
            return;
        }
        if (scopeId == null) {
            throw ProblemException.invalid("scope_id", "is required for the " + scope.label() + " scope");
        }
        boolean exists = switch (scope) {
            case AGENT -> Agent.count("id", scopeId) > 0;
            case TOOL -> Tool.count("id", scopeId) > 0;
            case USER -> User.count("id", scopeId) > 0;
            case SYSTEM -> true;
        };
        if (!exists) {
            throw ProblemException.invalid("scope_id", "no " + scope.label() + " has the id " + scopeId);
        }
    }
}
