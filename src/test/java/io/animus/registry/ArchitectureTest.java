package io.animus.registry;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

import io.animus.registry.identity.user.User;
import io.animus.registry.identity.upward.UpwardArrow;
import io.animus.registry.webhook.SystemEvent;
import io.animus.registry.webhook.Webhook;

/**
 * Features point down the house, never up, and no two features need each other: the rooms of the
 * house lowest first, and the rules that fail on a new upward arrow or cycle between the features
 * of {@code src/main} (see docs/decisions-architecture.md).
 */
class ArchitectureTest {

    private static final String REGISTRY = "io.animus.registry";

    /** The rooms, lowest first: a feature may use the features of every room below its own. */
    private static final List<List<String>> ROOMS = List.of(
            List.of("crypto", "database", "notify", "event"),
            List.of("web"),
            List.of("identity"),
            List.of("agent"),
            List.of("version"),
            List.of("tool"),
            List.of("plugin"),
            List.of("config"),
            List.of("stats", "feed", "discovery", "letta", "chat", "delivery", "template", "health", "state"),
            List.of("webhook"),
            List.of("console", "devmode"));

    /** The only arrows between two features of the same room. */
    private static final Map<String, List<String>> SAME_ROOM = Map.of(
            "chat", List.of("feed"),
            "delivery", List.of("stats"));

    /** Every feature may use what is below its room, and in its room only what {@link #SAME_ROOM} allows. */
    static ArchRule layers() {
        Map<String, List<String>> mayUse = new LinkedHashMap<>();
        List<String> below = new ArrayList<>();
        for (List<String> room : ROOMS) {
            for (String feature : room) {
                List<String> allowed = new ArrayList<>(below);
                allowed.addAll(SAME_ROOM.getOrDefault(feature, List.of()));
                mayUse.put(feature, allowed);
            }
            below.addAll(room);
        }
        LayeredArchitecture house = layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .ensureAllClassesAreContainedInArchitecture();
        for (String feature : mayUse.keySet()) {
            house = house.layer(feature).definedBy(REGISTRY + "." + feature + "..");
        }
        for (Map.Entry<String, List<String>> feature : mayUse.entrySet()) {
            house = feature.getValue().isEmpty() ? house.whereLayer(feature.getKey()).mayNotAccessAnyLayer()
                    : house.whereLayer(feature.getKey()).mayOnlyAccessLayers(feature.getValue().toArray(String[]::new));
        }
        return house.because("features point down the house: a lower one that must tell a higher one raises an event"
                + " or declares an interface");
    }

    /** No cycle between the features, whatever the rooms say. */
    static ArchRule noCycles() {
        return slices().matching(REGISTRY + ".(*)..").should().beFreeOfCycles();
    }

    private static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(REGISTRY);
    }

    @Test
    void featuresPointDownTheHouse() {
        layers().check(main);
    }

    @Test
    void featuresHaveNoCycles() {
        noCycles().check(main);
    }

    /** {@code webhook.Webhook} refers to {@code identity.user.User}, so the arrow from identity to webhook also closes a cycle. */
    @Test
    void theRulesReportAnArrowUpTheHouseAndTheCycleItCloses() {
        JavaClasses withUpwardArrow = new ClassFileImporter().importClasses(UpwardArrow.class, SystemEvent.class, Webhook.class, User.class);

        EvaluationResult layered = layers().evaluate(withUpwardArrow);
        assertTrue(layered.hasViolation());
        assertTrue(layered.getFailureReport().getDetails().stream().anyMatch(line -> line.contains(UpwardArrow.class.getName())
                && line.contains(SystemEvent.class.getName())), () -> layered.getFailureReport().toString());

        EvaluationResult cycles = noCycles().evaluate(withUpwardArrow);
        assertTrue(cycles.hasViolation());
        assertTrue(cycles.getFailureReport().toString().contains(UpwardArrow.class.getName()), () -> cycles.getFailureReport().toString());
    }

    @Test
    void theRulesPassTheSameClassesWithoutTheUpwardArrow() {
        JavaClasses withoutUpwardArrow = new ClassFileImporter().importClasses(SystemEvent.class, Webhook.class, User.class);
        assertFalse(layers().evaluate(withoutUpwardArrow).hasViolation());
        assertFalse(noCycles().evaluate(withoutUpwardArrow).hasViolation());
    }
}
