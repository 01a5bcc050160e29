package io.animus.registry.letta;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A page of link states, with the last run and the last completed one, whose start is the age of the states
 * (each absent before the first: OpenAPI 3.0 has no nullable reference to an object).
 */
@RegisterForReflection
@Schema(name = "LettaStates")
public record LettaStatesResponse(
        List<LettaAgentResponse> items,
        int page,
        int size,
        long total,
        @JsonInclude(JsonInclude.Include.NON_NULL) LettaRunResponse lastRun,
        @JsonInclude(JsonInclude.Include.NON_NULL) LettaRunResponse lastCompletedRun) {
}
