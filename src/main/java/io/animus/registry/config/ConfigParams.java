package io.animus.registry.config;

import io.animus.registry.database.Labelled;
import io.animus.registry.web.ProblemException;

/** Query parameters of the configuration resources that name a labelled value or an entry key. */
public final class ConfigParams {

    private ConfigParams() {
    }

    /** The constant a query parameter names, null when absent; 422 when it names none. */
    public static <E extends Enum<E> & Labelled> E label(Class<E> type, String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Labelled.fromLabel(type, value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(parameter, e.getMessage());
        }
    }

    /** The entry key a parameter or body field names; 422 when malformed. */
    public static EntryKey entryKey(String field, String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalid(field, "is required");
        }
        try {
            return EntryKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, e.getMessage());
        }
    }
}
