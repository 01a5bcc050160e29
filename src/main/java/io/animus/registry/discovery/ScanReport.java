package io.animus.registry.discovery;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The account of one scan that ran.
 *
 * @param id the row in {@code discovery_runs}, or NULL when even recording the run failed
 * @param outcome {@code completed}, or {@code failed} when the reconciliation was rolled back
 * @param problems the problems, sorted by path, at most {@code animus.discovery.max-stored-problems} of them
 * @param problemCount all problems, including those not listed
 */
@RegisterForReflection
public record ScanReport(
        Long id,
        Instant startedAt,
        long durationMs,
        Trigger triggeredBy,
        String outcome,
        String home,
        String replica,
        ScanCounts counts,
        int problemCount,
        List<DiscoveryProblem> problems) {

    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    /** A dry run: nothing was written, not even the run. */
    public static final String DRY_RUN = "dry_run";

    /** What started a scan. */
    public enum Trigger {
        SCHEDULE("schedule"),
        MANUAL("manual");

        private final String label;

        Trigger(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
