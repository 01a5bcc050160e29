package io.animus.registry.discovery;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What asking for a scan gave: a report of the scan that ran, or why none ran.
 *
 * @param report NULL when the scan was skipped
 */
@RegisterForReflection
public record ScanResult(Skipped skipped, ScanReport report) {

    /** Why a scan did not run. */
    public enum Skipped {
        /** Another scan, on this replica or another, holds the lock. */
        LOCKED,
        /** A replica started a scan less than one interval ago. */
        RECENT
    }

    static ScanResult ran(ScanReport report) {
        return new ScanResult(null, report);
    }

    static ScanResult skipped(Skipped why) {
        return new ScanResult(why, null);
    }

    public boolean ran() {
        return report != null;
    }
}
