package io.animus.registry.version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;

/**
 * The version lists of tools and plugins, in {@link VersionOrder}: the keys of all of an owner's rows
 * are read and ordered, and only the rows of the page asked for are loaded with their bodies.
 */
@ApplicationScoped
public class VersionHistory {

    @Inject
    EntityManager em;

    /** One page of the owner's versions, newest first, each as {@code response} shows it. */
    public <R extends VersionRow, T> Page<T> of(VersionTable<R> table, int ownerId, PageRequest page, Function<R, T> response) {
        Slice slice = slice(table, ownerId, page);
        Map<Long, R> rows = slice.ids().isEmpty() ? Map.of()
                : em.createQuery("from " + table.entity() + " v where v.id in :ids", table.rows()).setParameter("ids", slice.ids())
                        .getResultList().stream().collect(Collectors.toMap(row -> row.id, Function.identity()));
        return new Page<>(slice.ids().stream().map(id -> response.apply(rows.get(id))).toList(), page.page(), page.size(),
                slice.total());
    }

    /** The owner's version {@code id}; 404 when the owner has none of that id. */
    public <R extends VersionRow> R one(VersionTable<R> table, int ownerId, long id) {
        return em.createQuery("from " + table.entity() + " v where v.id = :id and v.ownerId = :owner", table.rows())
                .setParameter("id", id).setParameter("owner", ownerId).setMaxResults(1).getResultList().stream().findFirst()
                .orElseThrow(() -> ProblemException.notFound(table.owner() + " " + ownerId + " has no version " + id));
    }

    /** The ids of one page of an owner's rows, in order, and how many rows it has in all. */
    private record Slice(List<Long> ids, long total) {
    }

    /** The ids of the rows of one owner on the page asked for, in {@link VersionOrder#NEWEST_FIRST}. */
    private Slice slice(VersionTable<?> table, int ownerId, PageRequest page) {
        List<VersionOrder.Key> keys = new ArrayList<>();
        for (Object[] row : em.createQuery("select v.id, v.version, v.recordedAt from " + table.entity() + " v where v.ownerId = :owner",
                Object[].class).setParameter("owner", ownerId).getResultList()) {
            keys.add(new VersionOrder.Key((Long) row[0], (String) row[1], (Instant) row[2]));
        }
        keys.sort(VersionOrder.NEWEST_FIRST);
        long from = (long) page.page() * page.size();
        if (from >= keys.size()) {
            return new Slice(List.of(), keys.size());
        }
        return new Slice(keys.subList((int) from, (int) Math.min(keys.size(), from + page.size())).stream().map(VersionOrder.Key::id)
                .toList(), keys.size());
    }
}
