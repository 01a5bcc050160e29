package io.animus.registry.feed;

import java.util.regex.Pattern;

import io.animus.registry.web.ProblemException;

/** Reads the feed's cursors and limits from a request: a cursor is a position in the feed, written in decimal digits. */
final class ChangeCursors {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Pattern CURSOR = Pattern.compile("0|[1-9][0-9]{0,17}");
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,9}");

    private ChangeCursors() {
    }

    /** The cursor, or 400 for anything that is not one. */
    static long parse(String cursor, String name) {
        if (cursor == null || !CURSOR.matcher(cursor).matches()) {
            throw ProblemException.badRequest(name + " is not a cursor of the change feed: use the cursor (or an event id)"
                    + " the feed handed out, a number such as 1234");
        }
        return Long.parseLong(cursor);
    }

    /** The page size, {@value #DEFAULT_LIMIT} when not given, or 400 outside 1 to {@value #MAX_LIMIT}. */
    static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (!LIMIT.matcher(limit).matches() || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(limit);
    }
}
