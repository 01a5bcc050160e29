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

    /** SMCP plugins, described by running their {@code cli.py --describe} ({@code animus.discovery.smcp.*}). */
    Smcp smcp();

    /**
     * The settings of SMCP plugin discovery. It runs code found on disk, so it is off unless enabled; the
     * child gets the plugin's folder as working directory and a reduced environment without any secret.
     */
    interface Smcp {

        /** Whether plugin folders with a {@code cli.py} and no {@code manifest.json} are described and registered. */
        @WithDefault("false")
        boolean enabled();

        /** An SMCP plugins folder besides the home's {@code plugins/} (SMCP's own {@code MCP_PLUGINS_DIR}); none by default. */
        Optional<String> plugins();

        /** The Python interpreter that runs {@code cli.py --describe}: a command on the PATH or an absolute path. */
        @WithDefault("python3")
        String python();

        /** The longest one {@code --describe} may run before its process tree is killed and it is reported. */
        @WithDefault("10s")
        Duration timeout();

        /** The most a {@code --describe} may print; beyond it the process tree is killed and it is reported. */
        @WithDefault("1M")
        MemorySize maxOutput();

        /** The time one scan gives to describing plugins in all; the plugins not described by then wait for the next scan. */
        @WithDefault("2m")
        Duration budget();

        /** How many plugins are described at once. */
        @WithDefault("4")
        int concurrency();
    }

    /** The interval of the scheduled scan, or empty when {@code every} is {@code off} or {@code disabled}. */
    default Optional<Duration> interval() {
        String every = every().strip();
        if (every.equalsIgnoreCase("off") || every.equalsIgnoreCase("disabled")) {
            return Optional.empty();
        }
        return Optional.of(DurationConverter.parseDuration(every));
    }
}
