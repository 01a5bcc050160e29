package io.animus.registry.web;

import java.util.Map;

/**
 * The database constraints of one feature's tables, each with what breaking it means to the caller.
 * <p>
 * Each feature declares its own in a bean; the registry collects every feature's when it starts. A
 * broken constraint that no feature names is answered with a general sentence.
 */
public interface KnownConstraints {

    /** Each constraint by its name in the schema, with the sentence a caller reads when a write breaks it. */
    Map<String, String> meanings();
}
