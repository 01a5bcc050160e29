package io.animus.registry.discovery;

import io.animus.registry.discovery.home.AnimusHome;
import io.animus.registry.discovery.home.HomeWalk;
import io.animus.registry.discovery.home.HomeWalker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.HealthGroup;

/**
 * Whether discovery can see the Animus home: DOWN when the home or one of its three roots is missing,
 * unreadable or behind a refused link. It is in the health group {@code discovery}
 * ({@code /q/health/group/discovery}), not in liveness or readiness: a degraded mount must neither
 * restart the pod nor take it out of service, since the registry's API does not need the home.
 */
@HealthGroup("discovery")
@ApplicationScoped
public class DiscoveryHealthCheck implements HealthCheck {

    @Inject
    AnimusHome home;

    @Inject
    DiscoveryScan scan;

    private final HomeWalker walker = new HomeWalker();

    @Override
    public HealthCheckResponse call() {
        HomeWalk walk = walker.checkRoots(home.path());
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Animus home for module discovery")
                .status(walk.rootsHealthy())
                .withData("home", home.path().toString());
        walk.roots.forEach(response::withData);
        scan.lastOnThisReplica().ifPresent(report -> response
                .withData("last_scan_started_at", report.startedAt().toString())
                .withData("last_scan_outcome", report.outcome())
                .withData("last_scan_problems", report.problemCount()));
        return response.build();
    }
}
