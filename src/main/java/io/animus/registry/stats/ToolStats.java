package io.animus.registry.stats;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A tool's use over a window of UTC days: its instances (of agents the caller may see, and global
 * ones), the agents that have one, and the reads of its delivered configuration by module keys of the
 * tool or of its instances. Chat belongs to agents, not tools.
 *
 * @param lastActivity the last delivery read of its configuration, at any time; null if none
 * @param days the window day by day (a single tool's statistics only; null in lists)
 */
@RegisterForReflection
public record ToolStats(int toolId, String name, LocalDate from, LocalDate to, long instances, long agents, long deliveryReads,
        @Schema(nullable = true) Instant lastActivity, @Schema(nullable = true) List<Day> days) {

    /** One UTC day of the window. */
    @RegisterForReflection
    public record Day(LocalDate day, long deliveryReads) {
    }
}
