package io.animus.registry.config.envvar;

import io.animus.registry.config.ConfigTable;
import io.animus.registry.config.EntryKey;
import io.animus.registry.config.EntryService;
import io.animus.registry.config.ValueType;
import io.animus.registry.config.history.EntryState;
import io.animus.registry.config.secret.RevealPurpose;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.quarkus.panache.common.Sort;

/** Reads and writes of {@code env_vars}, and their export as a dotenv file: entries keyed by var_name, all of type string. */
@ApplicationScoped
public class EnvVarStore extends EntryService<EnvVar, Integer, EnvVarRequest> {

    private static final Logger LOG = Logger.getLogger(EnvVarStore.class);

    @Inject
    CurrentUser currentUser;

    /** The variables by name, or the one named {@code varName} when it is not null. */
    public Page<EnvVarResponse> list(String varName, PageRequest page) {
        return Page.of(EnvVar.find(":name is null or varName = :name", Sort.by("varName"), named("name", varName)), page,
                EnvVarResponse::from);
    }

    /**
     * Every variable as a dotenv file ({@link Dotenv}), encrypted values decrypted; each decrypted
     * value is recorded in {@code secret_reveals}, and the export in the log, without values.
     */
    @Transactional
    public String export() {
        List<EnvVar> all = EnvVar.list("order by varName");
        Map<String, String> variables = new LinkedHashMap<>();
        int decrypted = 0;
        for (EnvVar entry : all) {
            variables.put(entry.varName, secrets.reveal(keyOf(entry), entry.varValue, entry.encrypted, RevealPurpose.EXPORT));
            decrypted += entry.encrypted && entry.varValue != null ? 1 : 0;
        }
        LOG.infof("Environment variables exported as dotenv to user %s (id %s): %d variables, %d of them decrypted",
                currentUser.username(), currentUser.id(), all.size(), decrypted);
        return Dotenv.write(variables, Instant.now());
    }

    @Override
    protected Optional<EnvVar> byId(Integer id) {
        return EnvVar.findByIdOptional(id);
    }

    @Override
    protected String absent(Integer id) {
        return "No environment variable has the id " + id;
    }

    @Override
    protected EntryKey keyOfNew(EnvVarRequest request) {
        return EntryKey.envVar(request.varName());
    }

    @Override
    public ConfigTable table() {
        return ConfigTable.ENV_VARS;
    }

    @Override
    public EntryKey keyOf(EnvVar entry) {
        return EntryKey.envVar(entry.varName);
    }

    @Override
    public EntryState stateOf(EnvVar entry) {
        ObjectNode details = EntryState.emptyDetails().put("description", entry.description);
        return new EntryState(entry.varValue, ValueType.STRING, entry.encrypted, details);
    }

    @Override
    public Instant updatedAt(EnvVar entry) {
        return entry.updatedAt;
    }

    @Override
    protected Optional<EnvVar> findByKey(EntryKey key) {
        return EnvVar.findByName(key.name());
    }

    @Override
    protected EnvVar newEntry(EntryKey key) {
        EnvVar entry = new EnvVar();
        entry.varName = key.name();
        return entry;
    }

    @Override
    protected void assign(EnvVar entry, EntryState state) {
        entry.varValue = state.value();
        entry.encrypted = state.encrypted();
        entry.description = text(state.details(), "description");
    }

    @Override
    protected List<EnvVar> lockEncrypted() {
        return EnvVar.find("encrypted = true order by id").withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
