package io.animus.registry.discovery;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The state of module discovery.
 *
 * @param home the Animus home this replica scans
 * @param every the configured interval, or {@code off}
 * @param lastRun the last scan of any replica; absent before the first (OpenAPI 3.0 has no nullable reference to an object)
 */
@RegisterForReflection
public record DiscoveryStatusResponse(String home, String every, @JsonInclude(JsonInclude.Include.NON_NULL) DiscoveryRunResponse lastRun) {
}
