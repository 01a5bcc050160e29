package io.animus.registry.feed;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A page of the change feed: the changes after the cursor asked for, in commit order; {@code cursor}
 * to ask with next time ({@code ?since=}); {@code newest}, the newest cursor of the feed; {@code more}
 * when the page was cut at the limit.
 */
@RegisterForReflection
public record ChangeList(List<Change> changes, String cursor, String newest, boolean more) {
}
