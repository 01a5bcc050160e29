package io.animus.registry.discovery;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The settings of module discovery ({@code animus.discovery.*}, environment {@code ANIMUS_DISCOVERY_*}). */
@ConfigMapping(prefix = "animus.discovery")
public interface DiscoveryConfig {

    /** How often the scan runs: a duration such as {@code 60s}, {@code 5m} or {@code PT1M}, or {@code off} to disable it. */
    @WithDefault("60s")
    String every();

    /** A scheduled scan is skipped when any replica started one less than {@code every} minus this margin ago. */
    @WithDefault("1s")
    Duration intervalMargin();

    /** The largest manifest that is read; a larger one is reported as a problem. */
    @WithDefault("256K")
    MemorySize maxManifestSize();

    /** How many past runs {@code discovery_runs} keeps; older ones are deleted by the next scan. */
    @WithDefault("1000")
    int keepRuns();

    /** How many problems a run stores with their paths; the count covers them all. */
    @WithDefault("1000")
    int maxStoredProblems();

    /**
     * The longest the walk of the home and the reading of its manifests may take; past it the scan stops,
     * writes nothing and is recorded as failed, out of time.
     */
    @WithDefault("5m")
    Duration walkTimeout();

    /**
     * The longest the reconciliation transaction of one scan may take before it is rolled back; also the
     * statement bound of that transaction, in place of {@code animus.database.statement-timeout}.
     */
    @WithDefault("5m")
    Duration transactionTimeout();

    /** The interval of the scheduled scan, or empty when {@code every} is {@code off} or {@code disabled}. */
    default Optional<Duration> interval() {
        String every = every().strip();
        if (every.equalsIgnoreCase("off") || every.equalsIgnoreCase("disabled")) {
            return Optional.empty();
        }
        return Optional.of(DurationConverter.parseDuration(every));
    }
}
