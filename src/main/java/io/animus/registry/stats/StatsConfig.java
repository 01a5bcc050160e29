package io.animus.registry.stats;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the usage statistics ({@code animus.stats.*}). */
@ConfigMapping(prefix = "animus.stats")
public interface StatsConfig {

    /**
     * How often a replica adds the uses it counted in memory to the database ({@code off}: only when it
     * stops). A replica that dies loses at most this much of its counts.
     */
    @WithDefault("30s")
    String flushEvery();

    /** The longest window, in days, a statistics request may ask for. */
    @WithDefault("366")
    int maxDays();

    /** How long the registry-wide gauges of {@code /q/metrics} reuse their last count. */
    @WithDefault("30s")
    Duration gaugeTtl();
}
