package io.animus.registry.packaged;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a pod of the registry needs in the Kubernetes manifest, from what was measured
 * ({@code bench/memory.sh}, a JVM start's CPU time, docs/decisions-deployment.md "Images, Kubernetes and the host unit"):
 * memory for the resident set under load with its margin, a startup probe budget that covers a JVM
 * start at the requested CPU, a grace period beyond the shutdown timeout, and a locked-down security
 * context that still lets the non-root user read the Secret's key files (fsGroup) and write /tmp.
 */
final class KubernetesManifestRules {

    /** The JVM image's largest resident set under bench/memory.sh load, in MiB (cache rejected or absent included). */
    static final int MEASURED_RSS_MIB = 300;
    /** Room above it: a discovery scan's parsed manifests, collector growth, direct buffers, thread stacks. */
    static final double MEMORY_MARGIN = 1.25;
    /** CPU time of a JVM start to ready without the AOT cache (the slowest start), in seconds. */
    static final double JVM_START_CPU_SECONDS = 13;
    /** quarkus.shutdown.timeout: in-flight requests' time on SIGTERM. */
    static final int SHUTDOWN_TIMEOUT_SECONDS = 30;
    /** The group that owns the Secret's files, which the container tests give the container. */
    static final int FS_GROUP = 1001;

    private KubernetesManifestRules() {
    }

    /** The problems of a Deployment's or Job's pod template; empty when it fits. */
    @SuppressWarnings("unchecked")
    static List<String> problems(Map<String, Object> workload, boolean serving) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> pod = map(map(map(workload, "spec"), "template"), "spec");
        Map<String, Object> podSecurity = map(pod, "securityContext");
        require(problems, Boolean.TRUE.equals(podSecurity.get("runAsNonRoot")), "securityContext.runAsNonRoot is not true");
        require(problems, podSecurity.get("runAsUser") instanceof Integer user && user != 0, "securityContext.runAsUser is not a non-root uid");
        require(problems, Objects.equals(podSecurity.get("fsGroup"), FS_GROUP), "securityContext.fsGroup is not " + FS_GROUP);
        List<Object> containers = (List<Object>) pod.getOrDefault("containers", List.of());
        require(problems, !containers.isEmpty(), "no container");
        for (Object item : containers) {
            Map<String, Object> container = (Map<String, Object>) item;
            String name = String.valueOf(container.get("name"));
            Map<String, Object> security = map(container, "securityContext");
            require(problems, Boolean.FALSE.equals(security.get("allowPrivilegeEscalation")), name + ": allowPrivilegeEscalation is not false");
            require(problems, Boolean.TRUE.equals(security.get("readOnlyRootFilesystem")), name + ": readOnlyRootFilesystem is not true");
            require(problems, !Boolean.TRUE.equals(security.get("privileged")), name + ": privileged");
            require(problems, ((List<Object>) map(security, "capabilities").getOrDefault("drop", List.of())).contains("ALL"),
                    name + ": capabilities.drop does not hold ALL");
            require(problems, ((List<Object>) container.getOrDefault("volumeMounts", List.of())).stream()
                    .anyMatch(mount -> "/tmp".equals(((Map<String, Object>) mount).get("mountPath"))), name + ": no writable /tmp");
            if (serving) {
                servingContainer(problems, name, container, pod);
            }
        }
        return problems;
    }

    private static void servingContainer(List<String> problems, String name, Map<String, Object> container, Map<String, Object> pod) {
        Map<String, Object> resources = map(container, "resources");
        double request = mebibytes(map(resources, "requests").get("memory"));
        double limit = mebibytes(map(resources, "limits").get("memory"));
        double cpu = cores(map(resources, "requests").get("cpu"));
        require(problems, request >= MEASURED_RSS_MIB * MEMORY_MARGIN,
                name + ": memory request " + request + " MiB is below the measured " + MEASURED_RSS_MIB + " MiB x " + MEMORY_MARGIN);
        require(problems, limit >= request, name + ": memory limit below the request");
        require(problems, cpu > 0, name + ": no CPU request");
        Map<String, Object> startup = map(container, "startupProbe");
        double budget = seconds(startup, "initialDelaySeconds", 0) + seconds(startup, "periodSeconds", 10) * seconds(startup, "failureThreshold", 3);
        require(problems, cpu > 0 && budget >= JVM_START_CPU_SECONDS / cpu,
                name + ": the startup probe allows " + budget + " s, a JVM start at " + cpu + " CPU takes " + JVM_START_CPU_SECONDS / cpu + " s");
        Object grace = pod.get("terminationGracePeriodSeconds");
        require(problems, grace instanceof Integer seconds && seconds > SHUTDOWN_TIMEOUT_SECONDS,
                "terminationGracePeriodSeconds is not beyond the shutdown timeout of " + SHUTDOWN_TIMEOUT_SECONDS + " s");
    }

    private static void require(List<String> problems, boolean holds, String problem) {
        if (!holds) {
            problems.add(problem);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static double seconds(Map<String, Object> probe, String key, int otherwise) {
        Object value = probe.get(key);
        return value instanceof Number number ? number.doubleValue() : otherwise;
    }

    /** A Kubernetes memory quantity (384Mi, 1Gi, 400M) in MiB; 0 when absent. */
    static double mebibytes(Object quantity) {
        if (quantity == null) {
            return 0;
        }
        String text = quantity.toString();
        if (text.endsWith("Gi")) {
            return Double.parseDouble(text.replace("Gi", "")) * 1024;
        }
        if (text.endsWith("Mi")) {
            return Double.parseDouble(text.replace("Mi", ""));
        }
        if (text.endsWith("M")) {
            return Double.parseDouble(text.replace("M", "")) * 1_000_000 / 1_048_576;
        }
        return Double.parseDouble(text) / 1_048_576;
    }

    /** A Kubernetes CPU quantity (250m, 1) in cores; 0 when absent. */
    static double cores(Object quantity) {
        if (quantity == null) {
            return 0;
        }
        String text = quantity.toString();
        return text.endsWith("m") ? Double.parseDouble(text.replace("m", "")) / 1000 : Double.parseDouble(text);
    }
}
