package io.animus.registry.web;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.panache.common.Parameters;

/**
 * The where clause of a list's Panache query, made of the filters a request gave: each condition is
 * added only when its value is there, and none at all lists every row.
 */
public final class ListFilter {

    private final List<String> conditions = new ArrayList<>();

    private final Parameters parameters = new Parameters();

    /** Adds {@code field = :name} when {@code value} is not null. */
    public ListFilter equal(String field, String name, Object value) {
        return value == null ? this : where(field + " = :" + name, name, value);
    }

    /** Adds a condition that reads the parameter {@code name}. */
    public ListFilter where(String condition, String name, Object value) {
        conditions.add(condition);
        parameters.and(name, value);
        return this;
    }

    /** Adds a condition that reads no parameter. */
    public ListFilter where(String condition) {
        conditions.add(condition);
        return this;
    }

    /** The conditions joined by {@code and}; empty when there are none, which Panache reads as every row. */
    public String query() {
        return String.join(" and ", conditions);
    }

    public Parameters parameters() {
        return parameters;
    }
}
