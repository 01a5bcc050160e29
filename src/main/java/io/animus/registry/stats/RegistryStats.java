package io.animus.registry.stats;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The registry as a whole over a window of UTC days ({@code from} to {@code to}, both included), as
 * the caller may see it: agents, instances and chat of the agents visible to them. Delivery reads,
 * users and webhooks are shown to admins only (null for others).
 *
 * @param chatSessions chat sessions opened in the window
 * @param chatMessages messages posted in the window
 * @param chatResponses agents' replies in the window
 * @param deliveryReads reads of delivered configurations in the window, up to the last flush of each replica
 */
@RegisterForReflection
public record RegistryStats(LocalDate from, LocalDate to, long agents, long activeAgents, long tools, long toolInstances,
        long plugins, long chatSessions, long chatMessages, long chatResponses, @Schema(nullable = true) Long deliveryReads, @Schema(nullable = true) Long users, @Schema(nullable = true) Long webhooks,
        List<Day> days) {

    /** One UTC day of the window. */
    @RegisterForReflection
    public record Day(LocalDate day, long chatSessions, long chatMessages, long chatResponses, @Schema(nullable = true) Long deliveryReads) {
    }
}
