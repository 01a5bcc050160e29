package io.animus.registry.version;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The order of version lists: SemVer 2.0.0 precedence first (semver.org's own example), the rest by time. */
class VersionOrderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static VersionOrder.Key key(long id, String version, int minute) {
        return new VersionOrder.Key(id, version, T0.plusSeconds(60L * minute));
    }

    private static List<String> sorted(List<VersionOrder.Key> keys) {
        List<VersionOrder.Key> copy = new ArrayList<>(keys);
        copy.sort(VersionOrder.NEWEST_FIRST);
        return copy.stream().map(key -> key.id() + ":" + key.version()).toList();
    }

    @Test
    void semverPrecedenceFollowsTheSpecificationNotTheText() {
        // semver.org, rule 11: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0
        List<String> ascending = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.9.0", "1.10.0", "2.0.0");
        List<VersionOrder.Key> keys = new ArrayList<>();
        for (int i = 0; i < ascending.size(); i++) {
            // recorded in the reverse order, so that time alone would give the opposite answer
            keys.add(key(i, ascending.get(i), ascending.size() - i));
        }
        List<String> expected = new ArrayList<>();
        for (int i = ascending.size() - 1; i >= 0; i--) {
            expected.add(i + ":" + ascending.get(i));
        }
        assertEquals(expected, sorted(keys));
    }

    @Test
    void versionsThatAreNotSemverFollowByTimeAndEqualPrecedenceByTime() {
        List<VersionOrder.Key> keys = List.of(key(1, "1.0", 1), key(2, "2.0.0+build.1", 2), key(3, null, 3), key(4, "2.0.0+build.2", 4),
                key(5, "latest", 5), key(6, "0.1.0", 6), key(7, "v-two", 7), key(8, "v3.0.0", 0), key(9, "01.2.3", 8));
        assertEquals(List.of("8:v3.0.0", "4:2.0.0+build.2", "2:2.0.0+build.1", "6:0.1.0", "9:01.2.3", "7:v-two", "5:latest", "3:null", "1:1.0"), sorted(keys));
    }

    @Test
    void theOrderIsTotalWhateverOrderTheRowsComeIn() {
        List<VersionOrder.Key> keys = List.of(key(1, "3.0.0", 1), key(2, "not-semver", 2), key(3, "1.0.0", 3), key(4, null, 4),
                key(5, "2.0.0", 5), key(6, "2.0.0", 6), key(7, "x", 0));
        List<String> expected = sorted(keys);
        assertEquals(List.of("1:3.0.0", "6:2.0.0", "5:2.0.0", "3:1.0.0", "4:null", "2:not-semver", "7:x"), expected);
        Random random = new Random(17);
        for (int round = 0; round < 50; round++) {
            List<VersionOrder.Key> shuffled = new ArrayList<>(keys);
            Collections.shuffle(shuffled, random);
            assertEquals(expected, sorted(shuffled));
        }
    }
}
