package io.animus.registry.console.configuration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.animus.registry.config.Scope;
import io.animus.registry.config.scoped.ConfigurationRequest;
import io.animus.registry.config.scoped.ConfigurationResponse;
import io.animus.registry.config.scoped.ConfigurationStore;
import io.animus.registry.config.scoped.ConfigurationUpdate;
import io.animus.registry.database.Labelled;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;

/** The configuration page's scoped configurations, through {@link ConfigurationStore}: owned by a scope and, but for the system, its id. */
@ApplicationScoped
class ConfigurationEntries implements ConsoleEntries {

    @Inject
    ConfigurationStore configurations;

    @Override
    public EntryKind kind() {
        return EntryKind.CONFIGURATIONS;
    }

    @Override
    public Page<EntryRow> list(ConfigEntriesPageResource.Filter filter, PageRequest page) {
        return ConsoleEntries.rows(configurations.list(new ConfigurationStore.Filter(scopeOf(filter.scope()), filter.owner(),
                filter.name()), page), EntryRow::of);
    }

    @Override
    public EntryRow find(int id) {
        return EntryRow.of(ConfigurationResponse.from(configurations.get(id)));
    }

    @Override
    public void create(EntryForm form, EntryValue value) {
        configurations.create(new ConfigurationRequest(EntryForm.stripped(form.key()), value.value(), value.type(),
                scopeOf(form.scope()), EntryForm.number("scope_id", form.scopeId()), value.description(), value.secret()));
    }

    @Override
    public EntryRow replace(int id, EntryValue value, String ifMatch) {
        return EntryRow.of(ConfigurationResponse.from(configurations.replace(id, new ConfigurationUpdate(value.value(), value.type(),
                value.description(), value.secret()), ifMatch)));
    }

    @Override
    public EntryRow reveal(int id) {
        var revealed = configurations.reveal(id);
        return EntryRow.of(ConfigurationResponse.from(revealed.entry())).revealing(revealed.plaintext());
    }

    @Override
    public void delete(int id, String ifMatch) {
        configurations.delete(id, ifMatch);
    }

    /** A scope as the forms spell it; null when none is chosen, 422 on {@code scope} for one the registry does not know. */
    private static Scope scopeOf(String scope) {
        try {
            return scope == null || scope.isBlank() ? null : Labelled.fromLabel(Scope.class, scope);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("scope", e.getMessage());
        }
    }
}
