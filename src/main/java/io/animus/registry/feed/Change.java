package io.animus.registry.feed;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One change of the feed: which row of which table was created, updated or deleted, when its
 * transaction committed and by which user (null for a change made in the database directly or by
 * discovery). Never a value.
 */
@RegisterForReflection
public record Change(String cursor, String table, long id, String op, Instant at, @Schema(nullable = true) Integer by) {
}
