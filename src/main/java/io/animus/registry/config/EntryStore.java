package io.animus.registry.config;

import io.animus.registry.config.history.ConfigHistoryLog;
import io.animus.registry.config.history.EntryState;
import io.animus.registry.config.history.HistoryAction;
import io.animus.registry.config.secret.RewrapReport;
import io.animus.registry.config.secret.SecretValues;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.crypto.Secrets;
import io.animus.registry.web.ETags;
import io.animus.registry.web.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The writes of one configuration table, each recorded as a version of its entry in the same
 * transaction: create, update, delete, and the three as a rollback performs them. Subclasses say
 * how their rows map to entry keys and states; callers run inside a transaction.
 */
public abstract class EntryStore<E extends PanacheEntityBase> {

    @Inject
    ConfigHistoryLog history;

    @Inject
    public SecretValues secrets;

    @Inject
    EntityManager entityManager;

    public abstract ConfigTable table();

    public abstract EntryKey keyOf(E entry);

    /** The row's current state, its value as stored. */
    public abstract EntryState stateOf(E entry);

    public abstract Instant updatedAt(E entry);

    /** The row of an entry, unlocked. */
    protected abstract Optional<E> findByKey(EntryKey key);

    /** A new, unsaved row for the entry; refuses with 422 an entry whose owner (agent, tool, user) does not exist. */
    protected abstract E newEntry(EntryKey key);

    /** Copies a state's value, type, encryption flag and details into the row. */
    protected abstract void assign(E entry, EntryState state);

    /** The rows flagged encrypted, locked for update, for a rewrap. */
    protected abstract List<E> lockEncrypted();

    protected EntityManager entityManager() {
        return entityManager;
    }

    /**
     * The state a request asks for: the value checked against its type (422 naming the key), then
     * sealed when the entry is encrypted.
     */
    public EntryState requested(EntryKey key, String plaintext, ValueType type, boolean encrypted, ObjectNode details) {
        ValueType declared = type == null ? ValueType.STRING : type;
        ValueTypes.check(key.name(), declared, plaintext);
        if (encrypted && Secrets.MASK.equals(plaintext)) {
            throw ProblemException.invalid("value", "the value of '" + key.name()
                    + "' is the mask that reads show; send the secret itself (an admin can read it from the reveal endpoint)");
        }
        return new EntryState(secrets.stored(key, plaintext, encrypted), declared, encrypted, details);
    }

    /**
     * The state a replacement of {@code entry} asks for, as {@link #requested}; but the mask that reads
     * show, sent back for an entry that is and stays encrypted with the same type, keeps the stored
     * secret, so that what a read gave can be written back. The mask cannot decrypt a secret or change
     * its type: that takes the secret itself.
     */
    public EntryState replacement(E entry, String plaintext, ValueType type, boolean encrypted, ObjectNode details) {
        EntryState stored = stateOf(entry);
        if (!Secrets.MASK.equals(plaintext) || !stored.encrypted() || stored.value() == null) {
            return requested(keyOf(entry), plaintext, type, encrypted, details);
        }
        if (!encrypted || (type == null ? ValueType.STRING : type) != stored.type()) {
            throw ProblemException.invalid("value", "is the mask that reads show; to store '" + keyOf(entry).name()
                    + "' unencrypted or with another type, send the secret itself");
        }
        return new EntryState(stored.value(), stored.type(), true, details);
    }

    /**
     * Locks an entry loaded by id for a change: the entry's lock first, then the row, re-read, then
     * {@code If-Match} against the locked row (412 when stale).
     */
    public E lockForChange(E loaded, String ifMatch) {
        history.lock(keyOf(loaded));
        try {
            entityManager().refresh(loaded, LockModeType.PESSIMISTIC_WRITE);
        } catch (EntityNotFoundException e) {
            throw ProblemException.notFound("The entry was deleted by another request");
        }
        ETags.checkIfMatch(ifMatch, updatedAt(loaded));
        return loaded;
    }

    /** The entry's row, locked, after taking the entry's lock; empty when the entry does not exist now. */
    public Optional<E> lockByKey(EntryKey key) {
        history.lock(key);
        Optional<E> entry = findByKey(key);
        entry.ifPresent(row -> entityManager().refresh(row, LockModeType.PESSIMISTIC_WRITE));
        return entry;
    }

    /** Creates the entry (409 when it exists) and records version 1, or the next one after a delete. */
    public E create(EntryKey key, EntryState state, Integer rolledBackTo) {
        history.lock(key);
        if (findByKey(key).isPresent()) {
            throw ProblemException.conflict("The entry " + key.text() + " already exists");
        }
        E entry = newEntry(key);
        assign(entry, state);
        entry.persist();
        entityManager().flush();
        history.record(key, HistoryAction.CREATE, null, stateOf(entry), rolledBackTo);
        return entry;
    }

    /**
     * Creates an entry of an owner made earlier in this same transaction (an agent a template makes)
     * and records version 1. No other transaction can see that owner yet, so none can hold or create
     * its keys, and none of its keys has a history (owner ids are never reused): the entry's lock, the
     * existence check and the history lookup of {@link #create} are left out. Keys given twice are the
     * caller's to refuse; the unique constraint remains the backstop.
     */
    public E createForNewOwner(EntryKey key, EntryState state) {
        E entry = newEntry(key);
        assign(entry, state);
        entry.persist();
        history.recordFirst(key, stateOf(entry));
        return entry;
    }

    /** Updates a row locked by {@link #lockForChange} or {@link #lockByKey} and records the version. */
    public E update(E entry, EntryState state, Integer rolledBackTo) {
        EntryState before = stateOf(entry);
        assign(entry, state);
        entityManager().flush();
        history.record(keyOf(entry), HistoryAction.UPDATE, before, stateOf(entry), rolledBackTo);
        return entry;
    }

    /** Deletes a locked row and records the version. */
    public void delete(E entry, Integer rolledBackTo) {
        EntryKey key = keyOf(entry);
        EntryState before = stateOf(entry);
        entry.delete();
        entityManager().flush();
        history.record(key, HistoryAction.DELETE, before, null, rolledBackTo);
    }

    /** Re-encrypts the table's encrypted values under the current key, without new versions. */
    public RewrapReport.TableCount rewrap() {
        int encrypted = 0;
        int rewrapped = 0;
        int sealed = 0;
        for (E entry : lockEncrypted()) {
            EntryState state = stateOf(entry);
            if (state.value() == null) {
                continue;
            }
            encrypted++;
            if (secrets.isCurrent(state.value())) {
                continue;
            }
            if (io.animus.registry.crypto.SecretsCipher.isSealed(state.value())) {
                rewrapped++;
            } else {
                sealed++;
            }
            assign(entry, state.withValue(secrets.resealed(keyOf(entry), state.value())));
        }
        entityManager().flush();
        return new RewrapReport.TableCount(table().label(), encrypted, rewrapped, sealed);
    }

    /**
     * Named query parameters from name-value pairs. A list filter is one fixed query in which every
     * condition reads {@code (:name is null or column = :name)}, so a null value means "any".
     */
    protected static Map<String, Object> named(Object... pairs) {
        Map<String, Object> parameters = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parameters.put((String) pairs[i], pairs[i + 1]);
        }
        return parameters;
    }

    protected static String text(ObjectNode details, String field) {
        return details == null || !details.hasNonNull(field) ? null : details.get(field).asText();
    }
}
