package io.animus.registry.letta;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The first values of the link to Letta ({@code animus.letta.*}, environment {@code ANIMUS_LETTA_*}). The
 * settings an admin saves through {@code PUT /api/v1/letta/settings} win over these (docs/letta.md).
 */
@ConfigMapping(prefix = "animus.letta")
public interface LettaConfig {

    /** The Letta server's base URL, such as {@code http://letta:8283}; without it the link is not configured. */
    Optional<String> url();

    /** The Letta server's password, when it runs secured; sent as {@code Authorization: Bearer}. */
    Optional<String> password();

    /** How often the reconciliation runs: a duration such as {@code 5m}, or {@code off}. */
    @WithDefault("5m")
    String every();

    /** How long a connection to Letta may take to open. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** How long one answer of Letta may take, from the request to its last byte. */
    @WithDefault("30s")
    Duration readTimeout();

    /** Whether a registry agent whose Letta agent has gone is switched Off (it is always flagged). */
    @WithDefault("false")
    boolean switchOffMissing();

    /** The agents asked for per page of {@code GET /v1/agents/} (Letta's default is 50). */
    @WithDefault("50")
    int pageSize();

    /** The most pages one reconciliation reads; past it the run ends with a problem, never a loop. */
    @WithDefault("2000")
    int maxPages();

    /** The largest answer of Letta that is read; a larger one ends the run with a problem. */
    @WithDefault("16M")
    MemorySize maxAnswerSize();

    /** How often this replica looks whether a scheduled reconciliation is due ({@code off} in tests). */
    @WithDefault("15s")
    String tick();

    /** How many past runs {@code letta_runs} keeps; older ones are deleted by the next run. */
    @WithDefault("1000")
    int keepRuns();
}
