package io.animus.registry.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DependencyGraphTest {

    @Test
    void findsACycleThroughAPlugin() {
        DependencyGraph graph = new DependencyGraph(Map.of("a", List.of("b"), "b", List.of("c"), "c", List.of("a")));
        assertEquals(Optional.of(List.of("a", "b", "c", "a")), graph.cycleThrough("a"));
    }

    @Test
    void aDiamondIsNoCycle() {
        DependencyGraph graph = new DependencyGraph(Map.of("top", List.of("l", "r"), "l", List.of("base"), "r", List.of("base"),
                "base", List.of()));
        assertTrue(graph.cycleThrough("top").isEmpty());
        assertTrue(graph.cycleThrough("base").isEmpty());
    }

    @Test
    void aCycleElsewhereIsNotOneThroughThisPlugin() {
        DependencyGraph graph = new DependencyGraph(Map.of("x", List.of("y"), "y", List.of("x"), "z", List.of("x")));
        assertTrue(graph.cycleThrough("z").isEmpty());
        assertEquals(Optional.of(List.of("x", "y", "x")), graph.cycleThrough("x"));
    }

    @Test
    void dependentsAreFoundTransitively() {
        DependencyGraph graph = new DependencyGraph(Map.of("base", List.of(), "middle", List.of("base"), "top", List.of("middle"),
                "other", List.of()));
        assertEquals(Set.of("middle", "top"), graph.dependentsOf("base"));
        assertEquals(Set.of("middle"), graph.directDependentsOf("base"));
        assertTrue(graph.dependentsOf("other").isEmpty());
    }
}
