package io.animus.registry.letta;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One reconciliation as the API shows it: when, how long, what it found, and what went wrong. */
@RegisterForReflection
@Schema(name = "LettaRun")
public record LettaRunResponse(
        long id,
        Instant startedAt,
        long durationMs,
        @Schema(enumeration = { "schedule", "manual" }) String triggeredBy,
        @Schema(enumeration = { "completed", "failed" }) String outcome,
        @Schema(nullable = true) String lettaUrl,
        @Schema(nullable = true) String replica,
        int pages,
        int lettaAgents,
        int linked,
        int missing,
        int notLettaIds,
        int unregistered,
        int switchedOff,
        @Schema(nullable = true, description = "What went wrong, when the run failed") String problem) {

    static LettaRunResponse from(LettaRun run) {
        return new LettaRunResponse(run.id, run.startedAt, run.durationMs, run.triggeredBy, run.outcome, run.lettaUrl, run.replica,
                run.pages, run.lettaAgents, run.linked, run.missing, run.notLettaIds, run.unregistered, run.switchedOff, run.problem);
    }
}
