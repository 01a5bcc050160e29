package io.animus.registry.letta;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The settings the link uses now: each saved value, or the environment's where none is saved. Holds the
 * password in plaintext for the client only; {@link #toString()} never shows it.
 */
public record LinkSettings(
        Optional<URI> url,
        String urlSource,
        Optional<String> password,
        String passwordSource,
        Duration connectTimeout,
        Duration readTimeout,
        String every,
        Optional<Duration> interval,
        boolean switchOffMissing,
        int pageSize,
        int maxPages,
        long maxAnswerBytes) {

    @Override
    public String toString() {
        return "LinkSettings[url=" + url.map(URI::toString).orElse("none") + ", password=" + (password.isPresent() ? "set" : "none")
                + ", every=" + every + "]";
    }
}
