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
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests the build writes to target/kubernetes/kubernetes.yml fit the measured service and run the
 * migration image before it ({@link KubernetesManifestRules}); and the rules notice each field that goes
 * missing or wrong.
 */
class KubernetesManifestIT {

    static final Path MANIFEST = Path.of("target", "kubernetes", "kubernetes.yml");

    @Test
    void theDeploymentAndTheMigrationJobFit() throws IOException {
        assertEquals(List.of(), KubernetesManifestRules.problems(workload("Deployment"), true));
        assertEquals(List.of(), KubernetesManifestRules.problems(workload("Job"), false));
        assertEquals(List.of(), KubernetesManifestRules.migrationProblems(workload("Job"), workload("Deployment")));
    }

    @Test
    void theServingPodsMayReadTheMigrationJobAndNothingElse() throws IOException {
        Object account = pod(workload("Deployment")).get("serviceAccountName");
        assertEquals("animus-registry", account);
        Map<String, Object> binding = workload("RoleBinding");
        assertEquals(List.of(Map.of("kind", "ServiceAccount", "name", account)), binding.get("subjects"));
        Map<String, Object> roleRef = KubernetesManifestRules.map(binding, "roleRef");
        Map<String, Object> role = workload("Role");
        assertEquals("Role", roleRef.get("kind"));
        assertEquals(KubernetesManifestRules.map(role, "metadata").get("name"), roleRef.get("name"));
        assertEquals(List.of(Map.of("apiGroups", List.of("batch"), "resources", List.of("jobs"), "verbs", List.of("get"))),
                role.get("rules"));
        assertEquals(1, manifests("ServiceAccount").stream()
                .filter(item -> account.equals(KubernetesManifestRules.map(item, "metadata").get("name"))).count());
        assertEquals(Boolean.FALSE, pod(workload("Job")).get("automountServiceAccountToken"), "the Job's pod gets an API token");
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
        assertProblem(deployment -> initContainerSecurity(deployment).remove("readOnlyRootFilesystem"), "wait-for-migrate: readOnlyRootFilesystem");
        assertProblem(deployment -> setting(container(deployment), "QUARKUS_LIQUIBASE_MIGRATE_AT_START", "false"),
                "QUARKUS_LIQUIBASE_MIGRATE_AT_START");
        assertProblem(deployment -> setting(container(deployment), "QUARKUS_INIT_AND_EXIT", "true"), "QUARKUS_INIT_AND_EXIT");
    }

    @Test
    void eachWrongFieldOfTheMigrationJobIsAProblem() throws IOException {
        assertJobProblem((job, deployment) -> container(job).put("image", container(deployment).get("image")), "migration image");
        assertJobProblem((job, deployment) -> container(job).put("image", "docker.io/animus/animus-registry-migrate:0.9.0"),
                "migration image");
        assertJobProblem((job, deployment) -> container(job).remove("envFrom"), "Secret");
        assertJobProblem((job, deployment) -> container(job).put("args", List.of("status")), "arguments");
        assertJobProblem((job, deployment) -> KubernetesManifestRules.map(job, "spec").remove("backoffLimit"), "backoffLimit");
        assertJobProblem((job, deployment) -> pod(deployment).remove("initContainers"), "waits for the Job");
        assertJobProblem((job, deployment) -> pod(job).put("volumes", pod(deployment).get("volumes")), "other than an emptyDir");
        assertJobProblem((job, deployment) -> KubernetesManifestRules.map(job, "metadata").put("name", "animus-registry-liquibase-init"),
                "named");
        Map<String, Object> job = workload("Job");
        setting(container(job), "QUARKUS_INIT_AND_EXIT", "true");
        assertTrue(KubernetesManifestRules.problems(job, false).stream().anyMatch(problem -> problem.contains("QUARKUS_INIT_AND_EXIT")));
    }

    private static void assertJobProblem(BiConsumer<Map<String, Object>, Map<String, Object>> change, String expected)
            throws IOException {
        Map<String, Object> job = workload("Job");
        Map<String, Object> deployment = workload("Deployment");
        change.accept(job, deployment);
        List<String> problems = KubernetesManifestRules.migrationProblems(job, deployment);
        assertTrue(problems.stream().anyMatch(problem -> problem.contains(expected)), expected + " not noticed: " + problems);
    }

    @SuppressWarnings("unchecked")
    private static void setting(Map<String, Object> container, String name, String value) {
        List<Object> env = new ArrayList<>((List<Object>) container.getOrDefault("env", List.of()));
        env.add(Map.of("name", name, "value", value));
        container.put("env", env);
    }

    private static void assertProblem(Consumer<Map<String, Object>> change, String expected) throws IOException {
        Map<String, Object> deployment = workload("Deployment");
        change.accept(deployment);
        List<String> problems = KubernetesManifestRules.problems(deployment, true);
        assertTrue(problems.stream().anyMatch(problem -> problem.contains(expected)), expected + " not noticed: " + problems);
    }

    static Map<String, Object> workload(String kind) throws IOException {
        List<Map<String, Object>> found = manifests(kind);
        assertEquals(1, found.size(), "one " + kind + " in " + MANIFEST);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> manifests(String kind) throws IOException {
        List<Map<String, Object>> found = new ArrayList<>();
        try (InputStream in = Files.newInputStream(MANIFEST)) {
            for (Object document : new Yaml().loadAll(in)) {
                if (document instanceof Map<?, ?> map && kind.equals(map.get("kind"))) {
                    found.add((Map<String, Object>) map);
                }
            }
        }
        return found;
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

    @SuppressWarnings("unchecked")
    static Map<String, Object> initContainerSecurity(Map<String, Object> workload) {
        return KubernetesManifestRules.map((Map<String, Object>) ((List<Object>) pod(workload).get("initContainers")).get(0),
                "securityContext");
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
