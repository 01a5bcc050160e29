package io.animus.registry.console.configuration;

import java.util.function.Function;

import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;

/**
 * What the configuration page does with the entries of one {@link EntryKind}, through that kind's
 * service (the API's own, so its read rules, validation, audit and history apply): one bean per kind.
 */
interface ConsoleEntries {

    /** The kind whose entries these are. */
    EntryKind kind();

    /** A page of the entries the filter selects, as the current user may read them. */
    Page<EntryRow> list(ConfigEntriesPageResource.Filter filter, PageRequest page);

    /** The entry's line; 404 when it does not exist or the current user may not read it. */
    EntryRow find(int id);

    /** Adds the entry the form names, with the value it sent. */
    void create(EntryForm form, EntryValue value);

    /** Replaces the entry's value under {@code If-Match} and answers its new line. */
    EntryRow replace(int id, EntryValue value, String ifMatch);

    /** The entry's line with its plaintext; the service records the reveal. */
    EntryRow reveal(int id);

    /** Deletes the entry under {@code If-Match}. */
    void delete(int id, String ifMatch);

    /** A page of the service's responses as the page's lines. */
    static <T> Page<EntryRow> rows(Page<T> page, Function<T, EntryRow> row) {
        return new Page<>(page.items().stream().map(row).toList(), page.page(), page.size(), page.total());
    }
}
