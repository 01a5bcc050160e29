package io.animus.registry.discovery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * Runs the discovery scan every {@code animus.discovery.every} ({@code off} disables it). Overlapping
 * runs on this replica are skipped by the scheduler; across replicas, by the scan's advisory lock and
 * its once-per-interval rule. A failing scan is logged and the next one runs as usual.
 */
@ApplicationScoped
public class DiscoveryJob {

    private static final Logger LOG = Logger.getLogger(DiscoveryJob.class);

    @Inject
    DiscoveryScan scan;

    @Scheduled(identity = "animus-discovery", every = "{animus.discovery.every}", concurrentExecution = ConcurrentExecution.SKIP)
    void run() {
        try {
            ScanResult result = scan.scheduled();
            if (result.ran()) {
                ScanReport report = result.report();
                LOG.debugf("Discovery scan: %s in %d ms, %s, %d problem(s)", report.outcome(), report.durationMs(),
                        report.counts(), report.problemCount());
            } else {
                LOG.debugf("Discovery scan skipped: %s", result.skipped());
            }
        } catch (RuntimeException e) {
            LOG.error("The discovery scan failed; the next one runs as scheduled", e);
        }
    }
}
