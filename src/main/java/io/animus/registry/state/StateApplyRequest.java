package io.animus.registry.state;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of an apply: the state document and the digest of the plan that was shown for it. */
@RegisterForReflection
public record StateApplyRequest(
        @Schema(required = true, description = "The state document (its JSON Schema: GET /api/v1/state/schema)") JsonNode document,
        @Schema(required = true, description = "The digest of the plan that was shown (POST /api/v1/state/plan)") String digest) {
}
