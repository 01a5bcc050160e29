package io.animus.registry.letta;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A linked agent's tools in Letta against the registry's, as of the last completed reconciliation. */
@RegisterForReflection
@Schema(name = "LettaDrift")
public record LettaDriftResponse(
        int agentId,
        String lettaId,
        @Schema(description = "When Letta's tools were read") Instant checkedAt,
        @Schema(description = "The registry's tools for the agent: its active tool instances' tools and the global tools") List<String> registryTools,
        @Schema(description = "The registry's active plugins for the agent, whose commands Letta names <plugin>__<command>") List<String> registryPlugins,
        @Schema(description = "The tools Letta has attached to the agent") List<String> lettaTools,
        @Schema(description = "Registry tools (and plugins, as <plugin>__*) that Letta has not attached") List<String> missingInLetta,
        @Schema(description = "Letta's tools that the registry does not give the agent") List<String> missingInRegistry,
        @Schema(description = "Tools on both sides") List<String> inBoth,
        @Schema(description = "Whether neither side lacks anything") boolean inSync) {
}
