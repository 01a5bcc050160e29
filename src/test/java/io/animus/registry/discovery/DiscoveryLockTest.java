package io.animus.registry.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.discovery.ScanReport.Trigger;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** One scan at a time across replicas (the advisory lock), and at most one per interval. */
@QuarkusTest
class DiscoveryLockTest {

    @Inject
    DiscoveryScan scan;

    @Inject
    DiscoveryFixtures db;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DiscoveryConfig config;

    TestHome home;

    @BeforeEach
    void setUp() {
        db.clean();
        home = TestHome.create().tool("broca", TestHome.toolJson("dt-locked"));
    }

    @AfterEach
    void tearDown() {
        home.close();
    }

    @Test
    void aScanIsSkippedWhileAnotherHoldsTheLock() throws Exception {
        try (Connection other = dataSource.getConnection()) {
            // another replica's scan, as PostgreSQL sees it: a session holding the lock
            try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, DiscoveryScan.LOCK_KEY);
                lock.execute();
            }
            ScanResult skipped = scan.run(home.root, Trigger.MANUAL, null);
            assertFalse(skipped.ran());
            assertEquals(ScanResult.Skipped.LOCKED, skipped.skipped());
            assertTrue(db.findTool("dt-locked").isEmpty(), "a skipped scan changes nothing");
            assertEquals(0, db.count("SELECT count(*) FROM discovery_runs"), "and records no run");
            try (PreparedStatement unlock = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, DiscoveryScan.LOCK_KEY);
                unlock.execute();
            }
        }
        ScanResult ran = scan.run(home.root, Trigger.MANUAL, null);
        assertTrue(ran.ran());
        assertTrue(db.findTool("dt-locked").isPresent());
    }

    @Test
    void theLockIsReleasedAfterEachScan() throws Exception {
        assertTrue(scan.run(home.root, Trigger.MANUAL, null).ran());
        try (Connection other = dataSource.getConnection();
                PreparedStatement tryLock = other.prepareStatement("SELECT pg_try_advisory_lock(?), pg_advisory_unlock(?)")) {
            tryLock.setLong(1, DiscoveryScan.LOCK_KEY);
            tryLock.setLong(2, DiscoveryScan.LOCK_KEY);
            var rows = tryLock.executeQuery();
            rows.next();
            assertTrue(rows.getBoolean(1), "no session keeps the lock once the scan has ended");
        }
    }

    @Test
    void aScheduledScanIsSkippedWhenAnyReplicaScannedWithinTheInterval() {
        assertTrue(scan.run(home.root, Trigger.MANUAL, null).ran());
        ScanResult recent = scan.run(home.root, Trigger.SCHEDULE, Duration.ofMinutes(10));
        assertEquals(ScanResult.Skipped.RECENT, recent.skipped());
        assertEquals(1, db.count("SELECT count(*) FROM discovery_runs"));
        db.execute("UPDATE discovery_runs SET started_at = started_at - interval '11 minutes'");
        assertTrue(scan.run(home.root, Trigger.SCHEDULE, Duration.ofMinutes(10)).ran(), "an interval later it runs");
        assertEquals("schedule", db.row("SELECT triggered_by FROM discovery_runs ORDER BY started_at DESC LIMIT 1")
                .orElseThrow().get("triggered_by"));
    }

    @Test
    void aManualScanIgnoresTheInterval() {
        assertTrue(scan.run(home.root, Trigger.MANUAL, null).ran());
        assertTrue(scan.run(home.root, Trigger.MANUAL, null).ran());
        assertEquals(2, db.count("SELECT count(*) FROM discovery_runs"));
    }

    @Test
    void theIntervalMarginIsCappedAtHalfTheInterval() {
        assertEquals(Duration.ofSeconds(59), DiscoveryScan.minimumGap(Duration.ofSeconds(60), Duration.ofSeconds(1)));
        assertEquals(Duration.ofMillis(1500), DiscoveryScan.minimumGap(Duration.ofSeconds(3), Duration.ofSeconds(5)));
    }

    @Test
    void theScheduleIsOffInTests() {
        assertEquals("off", config.every());
        assertTrue(config.interval().isEmpty());
        assertEquals(0, db.count("SELECT count(*) FROM discovery_runs WHERE triggered_by = 'schedule'"));
    }

    @Test
    void aScanRefusesToJoinACallersTransaction() {
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> scan.run(home.root, Trigger.MANUAL, null)));
        assertTrue(refused.getMessage().contains("own transaction"));
    }

    @Test
    void oldRunsArePrunedToTheConfiguredNumber() {
        db.execute("INSERT INTO discovery_runs (started_at, duration_ms, triggered_by, outcome, home)"
                + " SELECT now() - g * interval '1 hour', 1, 'manual', 'completed', '/x' FROM generate_series(1, ?) g",
                config.keepRuns() + 5);
        assertTrue(scan.run(home.root, Trigger.MANUAL, null).ran());
        assertEquals(config.keepRuns(), db.count("SELECT count(*) FROM discovery_runs"));
    }
}
