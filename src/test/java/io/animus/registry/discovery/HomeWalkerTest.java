package io.animus.registry.discovery;

import io.animus.registry.discovery.home.HomeWalk;
import io.animus.registry.discovery.home.HomeWalker;
import io.animus.registry.discovery.home.Location;
import io.animus.registry.discovery.home.ManifestFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which files the walk finds, and which links and folders it refuses. */
class HomeWalkerTest {

    private final TestHome home = TestHome.create();
    private final HomeWalker walker = new HomeWalker();

    @AfterEach
    void removeHome() {
        home.close();
    }

    private static List<String> paths(HomeWalk walk) {
        return walk.manifests.stream().map(ManifestFile::path).toList();
    }

    private static String reasonFor(HomeWalk walk, String path) {
        return walk.problems.stream().filter(problem -> problem.path().equals(path)).map(DiscoveryProblem::reason)
                .findFirst().orElse("no problem for " + path + " in " + walk.problems);
    }

    @Test
    void exactlyTheSeedsThreeLocationsAreListed() {
        home.module("athena", "memory", TestHome.toolJson("memory"))
                .tool("broca", TestHome.toolJson("broca"))
                .plugin("p", TestHome.pluginJson("p", "broca"))
                // not one of the three places: too deep, too shallow, or under another folder
                .write("tools/broca/nested/manifest.json", TestHome.toolJson("nested"))
                .write("tools/manifest.json", TestHome.toolJson("top"))
                .write("agents/athena/manifest.json", TestHome.toolJson("agent-level"))
                .write("agents/athena/memory/manifest.json", TestHome.toolJson("no-modules-folder"))
                .write("modules/x/manifest.json", TestHome.toolJson("elsewhere"))
                .write("tools/.hidden/manifest.json", TestHome.toolJson("hidden"))
                .write("tools/readme.txt", "not a module");
        HomeWalk walk = walker.walk(home.root);
        assertEquals(List.of("agents/athena/modules/memory/manifest.json", "tools/broca/manifest.json", "plugins/p/manifest.json"),
                paths(walk));
        assertEquals("athena", walk.manifests.get(0).agentFolder());
        assertEquals(Location.AGENT_MODULE, walk.manifests.get(0).location());
        assertEquals(Location.TOOL, walk.manifests.get(1).location());
        assertEquals(Location.PLUGIN, walk.manifests.get(2).location());
        assertTrue(walk.problems.isEmpty(), walk.problems.toString());
        assertTrue(walk.rootsHealthy());
    }

    @Test
    void aMissingRootIsReportedAndHeld() {
        home.tool("broca", TestHome.toolJson("broca")).delete("plugins");
        HomeWalk walk = walker.walk(home.root);
        assertEquals(List.of("tools/broca/manifest.json"), paths(walk));
        assertTrue(reasonFor(walk, "plugins/").contains("is missing"));
        assertTrue(walk.held.covers("plugins/p/manifest.json"));
        assertFalse(walk.held.covers("tools/broca/manifest.json"));
        assertEquals("missing", walk.roots.get("plugins"));
        assertFalse(walk.rootsHealthy());
    }

    @Test
    void aMissingHomeHoldsEverything() {
        HomeWalk walk = walker.walk(home.root.resolve("not-there"));
        assertTrue(walk.manifests.isEmpty());
        assertTrue(reasonFor(walk, ".").contains("does not exist"));
        assertTrue(walk.held.covers("tools/anything/manifest.json"));
        assertTrue(walk.held.covers("agents/a/modules/m/manifest.json"));
    }

    @Test
    void aRootThatIsAFileIsReportedAndHeld() {
        home.delete("tools").write("tools", "a file");
        HomeWalk walk = walker.walk(home.root);
        assertTrue(reasonFor(walk, "tools/").contains("not a folder"));
        assertTrue(walk.held.covers("tools/x/manifest.json"));
    }

    @Test
    void aLinkToAFolderOutsideTheHomeIsNotFollowed() throws Exception {
        Path outside = Files.createTempDirectory("outside-animus-home");
        try {
            Files.writeString(outside.resolve("manifest.json"), TestHome.toolJson("intruder"));
            home.link("tools/intruder", outside).tool("broca", TestHome.toolJson("broca"));
            home.link("agents/athena", outside);
            HomeWalk walk = walker.walk(home.root);
            assertEquals(List.of("tools/broca/manifest.json"), paths(walk));
            assertTrue(reasonFor(walk, "tools/intruder/").contains("leads outside the Animus home"));
            assertTrue(reasonFor(walk, "agents/athena/").contains("leads outside the Animus home"));
            assertTrue(walk.held.covers("tools/intruder/manifest.json"));
            assertTrue(walk.held.covers("agents/athena/modules/x/manifest.json"));
        } finally {
            TestHome.deleteTree(outside);
        }
    }

    @Test
    void aManifestThatIsALinkOutsideTheHomeIsNotRead() throws Exception {
        Path outside = Files.createTempFile("outside", ".json");
        try {
            Files.writeString(outside, TestHome.toolJson("intruder"));
            Files.createDirectories(home.path("tools/x"));
            home.link("tools/x/manifest.json", outside);
            HomeWalk walk = walker.walk(home.root);
            assertTrue(paths(walk).isEmpty());
            assertTrue(reasonFor(walk, "tools/x/manifest.json").contains("leads outside the Animus home"));
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void aRootLinkedOutsideTheHomeIsRefusedAndHeld() throws Exception {
        Path outside = Files.createTempDirectory("outside-plugins");
        try {
            home.delete("plugins").link("plugins", outside);
            HomeWalk walk = walker.walk(home.root);
            assertTrue(reasonFor(walk, "plugins/").contains("leads outside"));
            assertTrue(walk.held.covers("plugins/p/manifest.json"));
            assertFalse(walk.rootsHealthy());
        } finally {
            TestHome.deleteTree(outside);
        }
    }

    @Test
    void symlinkLoopsAreReportedAndTheWalkEnds() {
        home.link("tools/loop", home.path("tools/loop"));
        home.link("tools/ping", home.path("tools/pong")).link("tools/pong", home.path("tools/ping"));
        // a link back up the tree is finite, since only the fixed levels are listed
        home.link("agents/athena", home.path("agents")).tool("broca", TestHome.toolJson("broca"));
        HomeWalk walk = walker.walk(home.root);
        assertEquals(List.of("tools/broca/manifest.json"), paths(walk));
        assertTrue(reasonFor(walk, "tools/loop/").contains("symbolic link loop"));
        assertTrue(reasonFor(walk, "tools/ping/").contains("symbolic link loop"));
        assertTrue(reasonFor(walk, "tools/pong/").contains("symbolic link loop"));
        assertTrue(walk.held.covers("tools/loop/manifest.json"));
    }

    @Test
    void aLinkInsideTheHomeIsFollowed() {
        home.write("store/broca/manifest.json", TestHome.toolJson("broca")).link("tools/broca", home.path("store/broca"));
        HomeWalk walk = walker.walk(home.root);
        assertEquals(List.of("tools/broca/manifest.json"), paths(walk));
        assertTrue(walk.problems.isEmpty(), walk.problems.toString());
    }

    @Test
    void aDanglingLinkIsReportedAndHeld() {
        home.link("tools/gone", home.path("store/gone"));
        HomeWalk walk = walker.walk(home.root);
        assertTrue(reasonFor(walk, "tools/gone/").contains("target does not exist"));
        assertTrue(walk.held.covers("tools/gone/manifest.json"));
    }

    @Test
    void aManifestThatIsNotARegularFileIsRefused() throws Exception {
        Files.createDirectories(home.path("tools/dir/manifest.json"));
        Files.createDirectories(home.path("tools/fifo"));
        Process mkfifo = new ProcessBuilder("mkfifo", home.path("tools/fifo/manifest.json").toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        HomeWalk walk = walker.walk(home.root);
        assertTrue(paths(walk).isEmpty());
        assertTrue(reasonFor(walk, "tools/dir/manifest.json").contains("not a regular file"));
        assertTrue(reasonFor(walk, "tools/fifo/manifest.json").contains("not a regular file"));
    }
}
