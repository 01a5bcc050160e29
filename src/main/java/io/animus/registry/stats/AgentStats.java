package io.animus.registry.stats;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An agent's use over a window of UTC days ({@code from} to {@code to}, both included): chat sessions
 * opened, messages posted, replies, and reads of its delivered configuration by module keys.
 *
 * @param lastActivity the latest of its chat sessions' activity and of a delivery read, at any time; null if none
 * @param days the window day by day (a single agent's statistics only; null in lists)
 */
@RegisterForReflection
public record AgentStats(int agentId, String lettaUid, @Schema(nullable = true) String name, LocalDate from, LocalDate to, long chatSessions,
        long chatMessages, long chatResponses, long deliveryReads, @Schema(nullable = true) Instant lastActivity, @Schema(nullable = true) List<Day> days) {

    /** One UTC day of the window. */
    @RegisterForReflection
    public record Day(LocalDate day, long chatSessions, long chatMessages, long chatResponses, long deliveryReads) {
    }
}
