package io.animus.registry.discovery;

import io.animus.registry.discovery.home.AnimusHome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.MemorySize;

/** Reading {@code animus.discovery.every} and {@code animus.home} as the scheduler does. */
class DiscoveryConfigTest {

    private static DiscoveryConfig every(String every) {
        return new DiscoveryConfig() {
            @Override
            public String every() {
                return every;
            }

            @Override
            public Duration intervalMargin() {
                return Duration.ofSeconds(1);
            }

            @Override
            public MemorySize maxManifestSize() {
                return new MemorySize(java.math.BigInteger.valueOf(262144));
            }

            @Override
            public int keepRuns() {
                return 1000;
            }

            @Override
            public int maxStoredProblems() {
                return 1000;
            }

            @Override
            public Duration walkTimeout() {
                return Duration.ofMinutes(5);
            }

            @Override
            public Duration transactionTimeout() {
                return Duration.ofMinutes(5);
            }

            @Override
            public Smcp smcp() {
                throw new UnsupportedOperationException("not read by these tests");
            }
        };
    }

    @Test
    void offAndDisabledTurnTheScheduleOff() {
        assertEquals(Optional.empty(), every("off").interval());
        assertEquals(Optional.empty(), every("OFF").interval());
        assertEquals(Optional.empty(), every("disabled").interval());
    }

    @Test
    void durationsAreReadLikeTheScheduler() {
        assertEquals(Optional.of(Duration.ofSeconds(60)), every("60s").interval());
        assertEquals(Optional.of(Duration.ofMinutes(5)), every("5m").interval());
        assertEquals(Optional.of(Duration.ofSeconds(90)), every("PT90S").interval());
    }

    @Test
    void theHomeExpandsTheUsersHome() {
        String user = System.getProperty("user.home");
        assertEquals(Path.of(user, "animus"), AnimusHome.resolve("~/animus"));
        assertEquals(Path.of(user, "animus"), AnimusHome.resolve(null));
        assertTrue(AnimusHome.resolve("samples/animus-home").isAbsolute());
        assertEquals(Path.of("/srv/animus"), AnimusHome.resolve("/srv/animus/"));
    }
}
