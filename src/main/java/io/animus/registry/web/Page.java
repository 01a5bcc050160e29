package io.animus.registry.web;

import java.util.List;
import java.util.function.Function;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One page of a list: its items, where it is, and how many there are in all. */
@RegisterForReflection
public record Page<T>(List<T> items, int page, int size, long total) {

    /** Fetches the requested page of {@code query} and maps its entities to response records. */
    public static <E, T> Page<T> of(PanacheQuery<E> query, PageRequest request, Function<E, T> mapper) {
        List<T> items = query.page(request.page(), request.size()).list().stream().map(mapper).toList();
        return new Page<>(items, request.page(), request.size(), query.count());
    }
}
