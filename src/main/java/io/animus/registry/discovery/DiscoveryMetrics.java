package io.animus.registry.discovery;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The scan's figures as Micrometer meters, served at {@code /q/metrics}. Labels carry only
 * fixed words (outcome, reason), never a path, so the number of series stays small:
 * <ul>
 * <li>{@code animus_discovery_scan_seconds{outcome}}: a timer of the scans that ran on this replica;</li>
 * <li>{@code animus_discovery_scans_skipped_total{reason=locked|recent}};</li>
 * <li>{@code animus_discovery_entries_total{outcome=created|updated|unchanged|switched_off}} and
 * {@code animus_discovery_problems_total}: running sums;</li>
 * <li>{@code animus_discovery_last_scan{count=seen|created|updated|unchanged|switched_off|problems}}: the last scan's counts.</li>
 * </ul>
 */
@ApplicationScoped
public class DiscoveryMetrics {

    /** The counts of the last scan, as gauges. */
    enum Count {
        SEEN, CREATED, UPDATED, UNCHANGED, SWITCHED_OFF, PROBLEMS;

        String label() {
            return name().toLowerCase();
        }
    }

    @Inject
    MeterRegistry registry;

    private final Map<Count, AtomicLong> last = new EnumMap<>(Count.class);

    void record(ScanReport report) {
        Timer.builder("animus.discovery.scan").description("Duration of the discovery scans that ran on this replica")
                .tag("outcome", report.outcome()).register(registry).record(Duration.ofMillis(report.durationMs()));
        ScanCounts counts = report.counts();
        entries("created", counts.created());
        entries("updated", counts.updated());
        entries("unchanged", counts.unchanged());
        entries("switched_off", counts.switchedOff());
        Counter.builder("animus.discovery.problems").description("Problems reported by discovery scans")
                .register(registry).increment(report.problemCount());
        gauge(Count.SEEN).set(counts.seen());
        gauge(Count.CREATED).set(counts.created());
        gauge(Count.UPDATED).set(counts.updated());
        gauge(Count.UNCHANGED).set(counts.unchanged());
        gauge(Count.SWITCHED_OFF).set(counts.switchedOff());
        gauge(Count.PROBLEMS).set(report.problemCount());
    }

    void skipped(ScanResult.Skipped reason) {
        Counter.builder("animus.discovery.scans.skipped").description("Discovery scans skipped: lock held or scanned recently")
                .tag("reason", reason.name().toLowerCase()).register(registry).increment();
    }

    private void entries(String outcome, int count) {
        Counter.builder("animus.discovery.entries").description("Registry entries by what discovery scans did to them")
                .tag("outcome", outcome).register(registry).increment(count);
    }

    private synchronized AtomicLong gauge(Count count) {
        return last.computeIfAbsent(count, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("animus.discovery.last.scan", value, AtomicLong::doubleValue)
                    .description("Counts of the last discovery scan on this replica").tag("count", key.label()).register(registry);
            return value;
        });
    }
}
