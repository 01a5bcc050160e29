package io.animus.registry.identity.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The login throttle's buckets live in the database, so that replicas share them: two throttles over the one
 * database (as two replicas hold them, each statement on a connection of its own) count an address's failed
 * logins together, while another address, or a bucket earned back since, is not held back; pruning forgets
 * full buckets, then the least suspect beyond {@code max-addresses}.
 */
@QuarkusTest
class LoginThrottleReplicasTest {

    @Inject
    DataSource dataSource;

    Sql sql;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
    }

    /** A replica's throttle: five failures in a burst, one more every 2 s. */
    private LoginThrottle replica(int maxAddresses) {
        return new LoginThrottle(true, 5, Duration.ofSeconds(10), maxAddresses, dataSource);
    }

    private static String address() {
        return Fixtures.unique("client");
    }

    @Test
    void failuresCountedByAnotherReplicaCountHere() {
        LoginThrottle here = replica(100);
        LoginThrottle there = replica(100);
        String address = address();
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), here.take(address));
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(Optional.empty(), there.take(address));
        }
        Optional<Duration> wait = here.take(address);
        assertTrue(wait.isPresent(), "the sixth failure within the burst is refused, wherever the first five were counted");
        assertTrue(wait.get().compareTo(Duration.ZERO) > 0 && wait.get().compareTo(Duration.ofSeconds(2)) <= 0, wait.get().toString());
        assertTrue(there.take(address).isPresent());
        assertEquals(Boolean.TRUE, sql.value(Boolean.class, "SELECT refused FROM login_throttle WHERE address = ?", address));
    }

    @Test
    void anotherAddressIsNotHeldBack() {
        LoginThrottle here = replica(100);
        LoginThrottle there = replica(100);
        String address = address();
        for (int i = 0; i < 5; i++) {
            there.take(address);
        }
        assertTrue(here.take(address).isPresent());
        String other = address();
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), here.take(other), "failure " + (i + 1) + " of another address");
        }
    }

    @Test
    void aBucketEarnedBackSinceAnotherReplicaEmptiedItIsNotHeldBack() {
        LoginThrottle here = replica(100);
        String recent = address();
        String earnedBack = address();
        // another replica refused both addresses: one a moment ago, the other a whole window ago
        String refusedElsewhere = "INSERT INTO login_throttle (address, attempts, counted_at, refused)"
                + " VALUES (?, 0, statement_timestamp() - ?::interval, true)";
        sql.update(refusedElsewhere, recent, "0.1 seconds");
        sql.update(refusedElsewhere, earnedBack, "10 seconds");
        assertTrue(here.take(recent).isPresent());
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), here.take(earnedBack), "failure " + (i + 1) + " after the window");
        }
        assertTrue(here.take(earnedBack).isPresent());
    }

    @Test
    void aSuccessfulLoginGivesItsAttemptBackForEveryReplica() {
        LoginThrottle here = replica(100);
        LoginThrottle there = replica(100);
        String address = address();
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), (i % 2 == 0 ? here : there).take(address), "login " + (i + 1));
            (i % 2 == 0 ? there : here).succeeded(address);
        }
    }

    @Test
    void pruningForgetsFullBucketsThenTheLeastSuspectBeyondTheCap() throws Exception {
        sql.update("DELETE FROM login_throttle");
        String insert = "INSERT INTO login_throttle (address, attempts, counted_at) VALUES (?, ?, statement_timestamp() - ?::interval)";
        sql.update(insert, "198.51.100.1", 0.0, "1 minute");
        sql.update(insert, "198.51.100.2", 4.0, "2 seconds");
        sql.update(insert, "198.51.100.3", 0.0, "0 seconds");
        sql.update(insert, "198.51.100.4", 3.0, "0 seconds");
        sql.update(insert, "198.51.100.5", 1.0, "0 seconds");

        assertEquals(3, replica(2).prune());
        assertEquals(List.of("198.51.100.3", "198.51.100.5"),
                sql.strings("SELECT address FROM login_throttle ORDER BY address"));
        assertEquals(0, replica(2).prune());
    }
}
