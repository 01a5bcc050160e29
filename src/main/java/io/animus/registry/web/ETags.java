package io.animus.registry.web;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;

/**
 * Entity tags from {@code updated_at}, which the database moves on every update, so that two
 * editors cannot silently overwrite each other: reads carry an {@code ETag}; updates and deletes
 * that send {@code If-Match} proceed only when it still names the stored version.
 * <p>
 * The comparison is meaningful only on a row locked for the rest of the transaction: load it with
 * {@code LockModeType.PESSIMISTIC_WRITE} before calling {@link #checkIfMatch}.
 */
public final class ETags {

    private ETags() {
    }

    public static EntityTag of(Instant updatedAt) {
        Instant version = updatedAt == null ? Instant.EPOCH : updatedAt;
        return new EntityTag(Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, version), 36));
    }

    /** A 201 answer for a new entry at {@code location}, with its body and entity tag. */
    public static Response created(String location, Object body, Instant updatedAt) {
        return Response.created(URI.create(location)).tag(of(updatedAt)).entity(body).build();
    }

    /** A 200 answer with the body and its entity tag. */
    public static Response ok(Object body, Instant updatedAt) {
        return Response.ok(body).tag(of(updatedAt)).build();
    }

    /**
     * Refuses the change with 412 when {@code ifMatch} is given and names another version than
     * {@code updatedAt}. {@code *} matches any version.
     */
    public static void checkIfMatch(String ifMatch, Instant updatedAt) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = of(updatedAt).getValue();
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || unquote(tag).equals(current)) {
                return;
            }
        }
        throw ProblemException.preconditionFailed(
                "If-Match names a version that is no longer current; read the resource again and reapply the change");
    }

    /**
     * Whether {@code If-None-Match} names the current version (or is {@code *}). Anything else, a
     * malformed header included, does not match, so the client gets the full answer.
     */
    public static boolean noneMatchNames(String ifNoneMatch, String current) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || unquote(tag).equals(current)) {
                return true;
            }
        }
        return false;
    }

    private static String unquote(String tag) {
        String value = tag.startsWith("W/") ? tag.substring(2) : tag;
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
