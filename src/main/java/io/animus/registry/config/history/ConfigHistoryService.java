package io.animus.registry.config.history;

import io.animus.registry.config.ConfigReadAccess;
import io.animus.registry.config.ConfigTable;
import io.animus.registry.config.EntryKey;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.security.ForbiddenException;

/**
 * Reads of the versions of configuration entries under the read rule of {@link ConfigReadAccess}:
 * the versions of one entry for whoever may read the entry, the whole history for admins.
 */
@ApplicationScoped
public class ConfigHistoryService {

    /** A page of an entry's versions, and when its latest version was written (the history's {@code ETag}). */
    public record Versions(Page<HistoryEntryResponse> page, Instant latestAt) {
    }

    @Inject
    ConfigReadAccess access;

    /** The versions of one entry, newest first: 403 for a non-admin asking about an environment variable, else 404 when unreadable. */
    public Versions versions(EntryKey key, PageRequest page) {
        if (key.table() == ConfigTable.ENV_VARS && !access.isAdmin()) {
            throw new ForbiddenException();
        }
        ConfigHistory latest = ConfigHistory.findLatest(key.text()).filter(found -> access.canSee(key))
                .orElseThrow(() -> ProblemException.notFound("The entry " + key.text() + " has no history"));
        return new Versions(Page.of(ConfigHistory.versionsOf(key), page, HistoryEntryResponse::from), latest.changedAt);
    }

    /** Every version of every entry (of {@code table} if not null), newest first: admins only. */
    public Page<HistoryEntryResponse> all(ConfigTable table, PageRequest page) {
        if (!access.isAdmin()) {
            throw new ForbiddenException("Only admins list the whole history; give entry_key");
        }
        return Page.of(ConfigHistory.newestFirst(table), page, HistoryEntryResponse::from);
    }
}
