package io.animus.registry.console.configuration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.animus.registry.config.envvar.EnvVarRequest;
import io.animus.registry.config.envvar.EnvVarResponse;
import io.animus.registry.config.envvar.EnvVarStore;
import io.animus.registry.config.envvar.EnvVarUpdate;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;

/** The configuration page's environment variables, through {@link EnvVarStore}. */
@ApplicationScoped
class EnvVarEntries implements ConsoleEntries {

    @Inject
    EnvVarStore envVars;

    @Override
    public EntryKind kind() {
        return EntryKind.ENV_VARS;
    }

    @Override
    public Page<EntryRow> list(ConfigEntriesPageResource.Filter filter, PageRequest page) {
        return ConsoleEntries.rows(envVars.list(filter.name(), page), EntryRow::of);
    }

    @Override
    public EntryRow find(int id) {
        return EntryRow.of(EnvVarResponse.from(envVars.get(id)));
    }

    @Override
    public void create(EntryForm form, EntryValue value) {
        envVars.create(new EnvVarRequest(EntryForm.stripped(form.varName()), value.value(), value.description(), value.secret()));
    }

    @Override
    public EntryRow replace(int id, EntryValue value, String ifMatch) {
        return EntryRow.of(EnvVarResponse.from(envVars.replace(id, new EnvVarUpdate(value.value(), value.description(), value.secret()),
                ifMatch)));
    }

    @Override
    public EntryRow reveal(int id) {
        var revealed = envVars.reveal(id);
        return EntryRow.of(EnvVarResponse.from(revealed.entry())).revealing(revealed.plaintext());
    }

    @Override
    public void delete(int id, String ifMatch) {
        envVars.delete(id, ifMatch);
    }
}
