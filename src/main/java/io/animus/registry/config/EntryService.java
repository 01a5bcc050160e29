package io.animus.registry.config;

import io.animus.registry.config.history.EntryState;
import io.animus.registry.config.secret.RevealPurpose;

import java.util.Optional;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import io.animus.registry.web.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The units of work of the requests on one configuration table, on top of its writes
 * ({@link EntryStore}): an entry found or 404 under the read rule, revealed with its audit, created,
 * replaced under {@code If-Match}, deleted; each a transaction, each write a version of the entry's
 * history. Requests are validated here too, for callers other than the API's resources (the console).
 *
 * @param <E> the table's entity
 * @param <I> what addresses an entry in its URL (a row id, or a system setting's key)
 * @param <C> the request that creates an entry
 */
public abstract class EntryService<E extends PanacheEntityBase, I, C extends ValueRequest> extends EntryStore<E> {

    /** An entry and the plaintext of its value, for a reveal. */
    public record Revealed<E>(E entry, String plaintext) {
    }

    /** The entry addressed by {@code id}, whoever may read it. */
    protected abstract Optional<E> byId(I id);

    /** The detail of the 404 for an entry that does not exist or that the caller may not read. */
    protected abstract String absent(I id);

    /** The entry a create request names. */
    protected abstract EntryKey keyOfNew(C request);

    /** Whether the current user may read the entry; by default anyone who may call the table's endpoints. */
    protected boolean readable(E entry) {
        return true;
    }

    /** The entry, when the current user may read it; 404 otherwise, as for one that does not exist. */
    public E get(I id) {
        return byId(id).filter(this::readable).orElseThrow(() -> ProblemException.notFound(absent(id)));
    }

    /** The entry with the plaintext of its value; an encrypted one is recorded as revealed to the current user. */
    @Transactional
    public Revealed<E> reveal(I id) {
        E entry = get(id);
        EntryState stored = stateOf(entry);
        return new Revealed<>(entry, secrets.reveal(keyOf(entry), stored.value(), stored.encrypted(), RevealPurpose.REVEAL));
    }

    @Transactional
    public E create(@NotNull @Valid C request) {
        EntryKey key = keyOfNew(request);
        return create(key, requested(key, request), null);
    }

    /** {@link #create} of an entry whose owner this transaction made; see {@link EntryStore#createForNewOwner}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public E createForNewOwner(@NotNull @Valid C request) {
        EntryKey key = keyOfNew(request);
        return createForNewOwner(key, requested(key, request));
    }

    /**
     * Replaces the entry's value, type, encryption flag and details with those of {@code request},
     * after {@code If-Match} against the locked entry (412 when stale): the one update path.
     */
    @Transactional
    public E replace(I id, @NotNull @Valid ValueRequest request, String ifMatch) {
        E entry = lockForChange(get(id), ifMatch);
        return update(entry, replacement(entry, request.value(), request.type(), Boolean.TRUE.equals(request.encrypted()),
                request.details()), null);
    }

    @Transactional
    public void delete(I id, String ifMatch) {
        delete(lockForChange(get(id), ifMatch), null);
    }

    private EntryState requested(EntryKey key, ValueRequest request) {
        return requested(key, request.value(), request.type(), Boolean.TRUE.equals(request.encrypted()), request.details());
    }
}
