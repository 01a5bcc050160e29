package io.animus.registry.discovery;

import io.animus.registry.discovery.home.Location;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The scheduler turned on: scans run by themselves, at most one per interval. */
@QuarkusTest
@TestProfile(DiscoveryJobTest.EverySecond.class)
class DiscoveryJobTest {

    /** A one-second schedule over a home with one tool. */
    public static class EverySecond implements QuarkusTestProfile {
        static final Path HOME = home();

        private static Path home() {
            try {
                Path home = Files.createTempDirectory("animus-home-scheduled");
                for (Location location : Location.values()) {
                    Files.createDirectories(home.resolve(location.root()));
                }
                Files.createDirectories(home.resolve("tools/scheduled"));
                Files.writeString(home.resolve("tools/scheduled/manifest.json"), TestHome.toolJson("dt-scheduled"));
                return home;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("animus.discovery.every", "1s", "animus.discovery.interval-margin", "200ms",
                    "animus.home", HOME.toString());
        }
    }

    @Inject
    DiscoveryFixtures db;

    @Test
    void scheduledScansRunByThemselvesAtMostOncePerInterval() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (db.count("SELECT count(*) FROM discovery_runs WHERE triggered_by = 'schedule'") < 3
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(db.findTool("dt-scheduled").isPresent(), "the scheduled scan reconciled the home");
        // consecutive scheduled runs start at least the interval minus the margin apart
        long tooClose = db.count("SELECT count(*) FROM (SELECT started_at - lag(started_at) OVER (ORDER BY started_at) AS gap"
                + " FROM discovery_runs WHERE triggered_by = 'schedule') g WHERE gap < interval '800 milliseconds'");
        assertTrue(db.count("SELECT count(*) FROM discovery_runs WHERE triggered_by = 'schedule'") >= 3);
        assertTrue(tooClose == 0, tooClose + " scheduled runs started closer than the interval allows");
        TestHome.deleteTree(EverySecond.HOME);
    }
}
