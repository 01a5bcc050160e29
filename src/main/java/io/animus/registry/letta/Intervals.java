package io.animus.registry.letta;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.DurationConverter;

/** The reconciliation's interval as written in the settings: a duration of 10 seconds or more, or {@code off}. */
final class Intervals {

    static final Duration SHORTEST = Duration.ofSeconds(10);

    private Intervals() {
    }

    /** The interval, empty for {@code off}; an {@link IllegalArgumentException} naming what is wrong otherwise. */
    static Optional<Duration> parse(String every) {
        String text = every == null ? "" : every.strip();
        if (text.equalsIgnoreCase("off") || text.equalsIgnoreCase("disabled")) {
            return Optional.empty();
        }
        Duration interval;
        try {
            interval = DurationConverter.parseDuration(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("must be a duration such as 5m or 300s, or off");
        }
        if (interval == null || interval.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("must be at least 10s, or off");
        }
        return Optional.of(interval);
    }
}
