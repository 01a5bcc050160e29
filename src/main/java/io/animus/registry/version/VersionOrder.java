package io.animus.registry.version;

import java.time.Instant;
import java.util.Comparator;

import org.semver4j.Semver;

/**
 * The order of a version list, newest first: versions that parse as Semantic Versioning 2.0.0 come
 * first, by SemVer precedence from the highest (build metadata does not count, so rows of equal
 * precedence follow by time); the others (no version string, or one that is not SemVer) follow, by
 * time. Two groups keep the order total: SemVer and time never decide between the same two rows.
 */
public final class VersionOrder {

    private VersionOrder() {
    }

    /** What the order looks at in a row. */
    public record Key(long id, String version, Instant recordedAt) {

        /** The version as SemVer, or NULL when it is absent or does not parse. */
        Semver semver() {
            return version == null ? null : Semver.parse(version);
        }
    }

    /** Newest first: highest SemVer precedence, then the latest recorded; rows without a SemVer version after, latest first. */
    public static final Comparator<Key> NEWEST_FIRST = (a, b) -> {
        Semver left = a.semver();
        Semver right = b.semver();
        if (left != null && right != null) {
            int precedence = right.compareTo(left);
            if (precedence != 0) {
                return precedence;
            }
        } else if (left != null || right != null) {
            return left != null ? -1 : 1;
        }
        int time = b.recordedAt().compareTo(a.recordedAt());
        return time != 0 ? time : Long.compare(b.id(), a.id());
    };
}
