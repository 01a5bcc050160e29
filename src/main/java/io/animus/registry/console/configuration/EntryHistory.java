package io.animus.registry.console.configuration;

import java.util.List;

import io.animus.registry.config.history.ConfigHistoryService;
import io.animus.registry.config.ConfigParams;
import io.animus.registry.config.history.HistoryEntryResponse;
import io.animus.registry.web.ETags;
import io.animus.registry.web.PageRequest;

/** The history shown under a configuration list: the entry, its newest versions, their count, and the tag a rollback must match. */
public record EntryHistory(String entry, List<HistoryEntryResponse> versions, long total, String tag) {

    /** The history of {@code entry} as the service shows it to the current user; null when no entry is asked for. */
    static EntryHistory of(ConfigHistoryService history, String entry) {
        if (entry == null || entry.isBlank()) {
            return null;
        }
        ConfigHistoryService.Versions found = history.versions(ConfigParams.entryKey("entry", entry), PageRequest.of(0, PageRequest.MAX_SIZE));
        return new EntryHistory(entry, found.page().items(), found.page().total(), ETags.of(found.latestAt()).getValue());
    }
}
