package io.animus.registry.config.history;

import io.animus.registry.config.EntryKey;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.animus.registry.identity.CurrentUser;

/**
 * Writes the versions of configuration entries, in the transaction of the change they record, and
 * serializes the writers of one entry so that versions are numbered without gaps or duplicates.
 */
@ApplicationScoped
public class ConfigHistoryLog {

    /** The first key of the registry's advisory locks on configuration entries (ASCII "conf"). */
    static final int LOCK_NAMESPACE = 0x636f6e66;

    @Inject
    CurrentUser currentUser;

    /**
     * Takes the entry's lock until the transaction ends. Every writer of an entry (create, update,
     * delete, rollback) takes it before it locks or inserts the row, so writers queue instead of
     * deadlocking, and two creates of one key cannot both pass the existence check.
     */
    public void lock(EntryKey key) {
        ConfigHistory.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(?1, hashtext(?2))) AS locked")
                .setParameter(1, LOCK_NAMESPACE)
                .setParameter(2, key.text())
                .getSingleResult();
    }

    /**
     * Records the next version of the entry; the caller holds the entry's {@link #lock}.
     *
     * @param before the state before the change, null for a create
     * @param after the state after the change, null for a delete
     * @param rolledBackTo the version a rollback restored, else null
     */
    public ConfigHistory record(EntryKey key, HistoryAction action, EntryState before, EntryState after, Integer rolledBackTo) {
        return record(key, latestVersion(key) + 1, action, before, after, rolledBackTo);
    }

    /** Records version 1 of an entry that has no history: the creation of an entry of a new owner. */
    public ConfigHistory recordFirst(EntryKey key, EntryState created) {
        return record(key, 1, HistoryAction.CREATE, null, created, null);
    }

    private ConfigHistory record(EntryKey key, int number, HistoryAction action, EntryState before, EntryState after, Integer rolledBackTo) {
        ConfigHistory version = new ConfigHistory();
        version.table = key.table();
        version.entryKey = key.text();
        version.version = number;
        version.action = action;
        version.rolledBackTo = rolledBackTo;
        if (before != null) {
            version.oldValue = before.value();
            version.oldType = before.type();
            version.oldEncrypted = before.encrypted();
            version.oldDetails = before.details();
        }
        if (after != null) {
            version.newValue = after.value();
            version.newType = after.type();
            version.newEncrypted = after.encrypted();
            version.newDetails = after.details();
        }
        version.changedBy = currentUser.id();
        version.persist();
        return version;
    }

    /** The entry's latest version number, 0 when it has none. */
    public int latestVersion(EntryKey key) {
        Integer latest = ConfigHistory.getEntityManager()
                .createQuery("select max(h.version) from ConfigHistory h where h.entryKey = ?1", Integer.class)
                .setParameter(1, key.text())
                .getSingleResult();
        return latest == null ? 0 : latest;
    }
}
