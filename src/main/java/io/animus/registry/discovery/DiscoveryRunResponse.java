package io.animus.registry.discovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.animus.registry.discovery.reconcile.Reconciliation;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One scan as the API shows it: when, how long, what it did, and every problem with its path. */
@RegisterForReflection
public record DiscoveryRunResponse(
        @Schema(nullable = true, description = "The run's id; absent for a dry run, which is not recorded") Long id,
        Instant startedAt,
        long durationMs,
        String triggeredBy,
        String outcome,
        String home,
        String replica,
        int seen,
        int created,
        int updated,
        int unchanged,
        int switchedOff,
        int problemCount,
        List<DiscoveryProblem> problems,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(nullable = true, description = "For a dry run only: what the scan would create, change and switch Off, each with its"
                + " kind, name and file") List<Reconciliation.Change> wouldChange) {

    public static DiscoveryRunResponse from(ScanReport report) {
        ScanCounts counts = report.counts();
        return new DiscoveryRunResponse(report.id(), report.startedAt(), report.durationMs(), report.triggeredBy().label(),
                report.outcome(), report.home(), report.replica(), counts.seen(), counts.created(), counts.updated(),
                counts.unchanged(), counts.switchedOff(), report.problemCount(), report.problems(), null);
    }

    /** A dry run's report with the changes it would make. */
    public static DiscoveryRunResponse dryRun(ScanReport report, List<Reconciliation.Change> changes) {
        DiscoveryRunResponse run = from(report);
        return new DiscoveryRunResponse(run.id, run.startedAt, run.durationMs, run.triggeredBy, run.outcome, run.home, run.replica, run.seen,
                run.created, run.updated, run.unchanged, run.switchedOff, run.problemCount, run.problems, List.copyOf(changes));
    }

    public static DiscoveryRunResponse from(DiscoveryRun run) {
        List<DiscoveryProblem> problems = new ArrayList<>();
        if (run.problems != null) {
            for (JsonNode problem : run.problems) {
                problems.add(new DiscoveryProblem(problem.path("path").asText(), problem.path("reason").asText()));
            }
        }
        return new DiscoveryRunResponse(run.id, run.startedAt, run.durationMs, run.triggeredBy, run.outcome, run.home,
                run.replica, run.seen, run.created, run.updated, run.unchanged, run.switchedOff, run.problemCount,
                List.copyOf(problems), null);
    }
}
