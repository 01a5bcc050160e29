package io.animus.registry.discovery;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What asking for a scan gave: a report of the scan that ran, or why none ran.
 *
 * @param report NULL when the scan was skipped
 * @param failure why a scan that ran failed; NULL when it completed (or was skipped)
 */
@RegisterForReflection
public record ScanResult(Skipped skipped, ScanReport report, Failure failure) {

    /** Why a scan that ran failed; its run is recorded as {@code failed} with the reason. */
    public enum Failure {
        /** The service ran out of memory while scanning. */
        OUT_OF_MEMORY,
        /** The scan outlived its time budget ({@code animus.discovery.walk-timeout}, {@code .transaction-timeout}). */
        OUT_OF_TIME,
        /** Anything else: the reconciliation failed and was rolled back. */
        ERROR
    }

    /** Why a scan did not run. */
    public enum Skipped {
        /** Another scan, on this replica or another, holds the lock. */
        LOCKED,
        /** A replica started a scan less than one interval ago. */
        RECENT
    }

    static ScanResult ran(ScanReport report) {
        return new ScanResult(null, report, null);
    }

    static ScanResult failed(ScanReport report, Failure failure) {
        return new ScanResult(null, report, failure);
    }

    static ScanResult skipped(Skipped why) {
        return new ScanResult(why, null, null);
    }

    public boolean ran() {
        return report != null;
    }
}
