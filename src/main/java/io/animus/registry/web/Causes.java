package io.animus.registry.web;

import java.util.Objects;
import java.util.stream.Stream;

/** The walk over a failure's causes, written once: the failure, its cause, that one's cause, and on. */
public final class Causes {

    private Causes() {
    }

    /** {@code e} and each of its causes in turn, ending at the first that has no cause or is its own. */
    public static Stream<Throwable> of(Throwable e) {
        return Stream.iterate(e, Objects::nonNull, cause -> cause.getCause() == cause ? null : cause.getCause());
    }
}
