package io.animus.registry.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests the build writes to target/kubernetes/kubernetes.yml fit the measured service
 * ({@link KubernetesManifestRules}); and the rules notice each field that goes missing or wrong.
 */
class KubernetesManifestIT {

    static final Path MANIFEST = Path.of("target", "kubernetes", "kubernetes.yml");

    @Test
    void theDeploymentAndTheMigrationJobFit() throws IOException {
        assertEquals(List.of(), KubernetesManifestRules.problems(workload("Deployment"), true));
        assertEquals(List.of(), KubernetesManifestRules.problems(workload("Job"), false));
    }

    @Test
    void theKeysSecretIsMountedReadOnlyWithMode0440() throws IOException {
        Map<String, Object> pod = pod(workload("Deployment"));
        assertTrue(volumes(pod).stream().anyMatch(volume -> Integer.valueOf(0440).equals(
                KubernetesManifestRules.map(volume, "secret").get("defaultMode"))), "no Secret volume with mode 0440");
    }

    @Test
    void eachMissingOrWrongFieldIsAProblem() throws IOException {
        assertProblem(deployment -> security(deployment).remove("runAsNonRoot"), "runAsNonRoot");
        assertProblem(deployment -> security(deployment).put("runAsUser", 0), "runAsUser");
        assertProblem(deployment -> security(deployment).remove("fsGroup"), "fsGroup");
        assertProblem(deployment -> containerSecurity(deployment).remove("readOnlyRootFilesystem"), "readOnlyRootFilesystem");
        assertProblem(deployment -> containerSecurity(deployment).put("allowPrivilegeEscalation", true), "allowPrivilegeEscalation");
        assertProblem(deployment -> containerSecurity(deployment).put("privileged", true), "privileged");
        assertProblem(deployment -> containerSecurity(deployment).remove("capabilities"), "capabilities.drop");
        assertProblem(deployment -> container(deployment).remove("volumeMounts"), "/tmp");
        assertProblem(deployment -> resources(deployment, "requests").put("memory", "256Mi"), "memory request");
        assertProblem(deployment -> resources(deployment, "limits").put("memory", "300Mi"), "memory limit");
        assertProblem(deployment -> startupProbe(deployment).put("failureThreshold", 3), "startup probe");
        assertProblem(deployment -> pod(deployment).remove("terminationGracePeriodSeconds"), "terminationGracePeriodSeconds");
    }

    private static void assertProblem(Consumer<Map<String, Object>> change, String expected) throws IOException {
        Map<String, Object> deployment = workload("Deployment");
        change.accept(deployment);
        List<String> problems = KubernetesManifestRules.problems(deployment, true);
        assertTrue(problems.stream().anyMatch(problem -> problem.contains(expected)), expected + " not noticed: " + problems);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> workload(String kind) throws IOException {
        List<Map<String, Object>> found = new ArrayList<>();
        try (InputStream in = Files.newInputStream(MANIFEST)) {
            for (Object document : new Yaml().loadAll(in)) {
                if (document instanceof Map<?, ?> map && kind.equals(map.get("kind"))) {
                    found.add((Map<String, Object>) map);
                }
            }
        }
        assertEquals(1, found.size(), "one " + kind + " in " + MANIFEST);
        return found.get(0);
    }

    static Map<String, Object> pod(Map<String, Object> workload) {
        return KubernetesManifestRules.map(KubernetesManifestRules.map(KubernetesManifestRules.map(workload, "spec"), "template"), "spec");
    }

    static Map<String, Object> security(Map<String, Object> workload) {
        return KubernetesManifestRules.map(pod(workload), "securityContext");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(Map<String, Object> workload) {
        return (Map<String, Object>) ((List<Object>) pod(workload).get("containers")).get(0);
    }

    static Map<String, Object> containerSecurity(Map<String, Object> workload) {
        return KubernetesManifestRules.map(container(workload), "securityContext");
    }

    static Map<String, Object> resources(Map<String, Object> workload, String kind) {
        return KubernetesManifestRules.map(KubernetesManifestRules.map(container(workload), "resources"), kind);
    }

    static Map<String, Object> startupProbe(Map<String, Object> workload) {
        return KubernetesManifestRules.map(container(workload), "startupProbe");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> volumes(Map<String, Object> pod) {
        return (List<Map<String, Object>>) pod.getOrDefault("volumes", List.of());
    }
}
