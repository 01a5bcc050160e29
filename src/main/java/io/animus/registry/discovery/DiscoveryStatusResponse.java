package io.animus.registry.discovery;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The state of module discovery.
 *
 * @param home the Animus home this replica scans
 * @param every the configured interval, or {@code off}
 * @param lastRun the last scan of any replica; NULL before the first
 */
@RegisterForReflection
public record DiscoveryStatusResponse(String home, String every, DiscoveryRunResponse lastRun) {
}
