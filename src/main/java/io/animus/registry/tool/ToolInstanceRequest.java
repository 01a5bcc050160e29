package io.animus.registry.tool;

import java.time.Instant;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.agent.Status;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body that creates a tool instance or replaces its fields. */
@RegisterForReflection
public record ToolInstanceRequest(
        @Positive Integer agentId,
        @Size(max = 255) String name,
        JsonNode config,
        Status status,
        Instant lastRun,
        Instant nextRun,
        Boolean isActive) {

    void applyTo(ToolInstance instance) {
        instance.name = name;
        instance.config = config == null || config.isNull() ? null : config;
        instance.status = status == null ? Status.READY : status;
        instance.lastRun = lastRun;
        instance.nextRun = nextRun;
        instance.active = isActive == null || isActive;
    }
}
