package io.animus.registry.config;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.agent.Agent;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.User;
import io.animus.registry.tool.Tool;
import io.animus.registry.web.ProblemException;

/** Writes of {@code configurations}: entries keyed by scope, scope_id and key, which never change after creation. */
@ApplicationScoped
public class ConfigurationStore extends EntryStore<Configuration> {

    @Inject
    CurrentUser currentUser;

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
    public static void checkScope(Scope scope, Integer scopeId) {
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
