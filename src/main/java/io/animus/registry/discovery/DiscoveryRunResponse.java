package io.animus.registry.discovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One scan as the API shows it: when, how long, what it did, and every problem with its path. */
@RegisterForReflection
public record DiscoveryRunResponse(
        Long id,
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
        List<DiscoveryProblem> problems) {

    public static DiscoveryRunResponse from(ScanReport report) {
        ScanCounts counts = report.counts();
        return new DiscoveryRunResponse(report.id(), report.startedAt(), report.durationMs(), report.triggeredBy().label(),
                report.outcome(), report.home(), report.replica(), counts.seen(), counts.created(), counts.updated(),
                counts.unchanged(), counts.switchedOff(), report.problemCount(), report.problems());
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
                List.copyOf(problems));
    }
}
