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
 * context (init containers included) that still lets the non-root user read the Secret's key files (fsGroup)
 * and write /tmp; no container sets a setting of the Liquibase the service no longer contains; and the
 * migration Job runs the migration image of the service's version, which the serving pods wait for.
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
    /** The one-shot migration's Job, which runs the migration image before the serving pods start. */
    static final String MIGRATION_JOB = "animus-registry-migrate";
    /** Settings of the Liquibase the service no longer contains: no container may still set them. */
    static final List<String> RETIRED_SETTINGS = List.of("QUARKUS_LIQUIBASE_", "QUARKUS_INIT_AND_EXIT");

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
        List<Object> all = new ArrayList<>(containers);
        all.addAll((List<Object>) pod.getOrDefault("initContainers", List.of()));
        for (Object item : all) {
            Map<String, Object> container = (Map<String, Object>) item;
            String name = String.valueOf(container.get("name"));
            for (Object variable : (List<Object>) container.getOrDefault("env", List.of())) {
                String setting = String.valueOf(((Map<String, Object>) variable).get("name"));
                require(problems, RETIRED_SETTINGS.stream().noneMatch(setting::startsWith),
                        name + ": sets " + setting + ", which the registry no longer reads (the migration image migrates)");
            }
            Map<String, Object> security = map(container, "securityContext");
            require(problems, Boolean.FALSE.equals(security.get("allowPrivilegeEscalation")), name + ": allowPrivilegeEscalation is not false");
            require(problems, Boolean.TRUE.equals(security.get("readOnlyRootFilesystem")), name + ": readOnlyRootFilesystem is not true");
            require(problems, !Boolean.TRUE.equals(security.get("privileged")), name + ": privileged");
            require(problems, ((List<Object>) map(security, "capabilities").getOrDefault("drop", List.of())).contains("ALL"),
                    name + ": capabilities.drop does not hold ALL");
            require(problems, ((List<Object>) container.getOrDefault("volumeMounts", List.of())).stream()
                    .anyMatch(mount -> "/tmp".equals(((Map<String, Object>) mount).get("mountPath"))), name + ": no writable /tmp");
            if (serving && containers.contains(item)) {
                servingContainer(problems, name, container, pod);
            }
        }
        return problems;
    }

    /**
     * The problems of the migration Job beside the serving Deployment: its one container runs the migration image
     * of the serving image's version with the same Secret, a failing migration is retried a bounded number of
     * times, and the serving pods wait for the Job in an init container.
     */
    @SuppressWarnings("unchecked")
    static List<String> migrationProblems(Map<String, Object> job, Map<String, Object> deployment) {
        List<String> problems = new ArrayList<>();
        require(problems, MIGRATION_JOB.equals(map(job, "metadata").get("name")), "the Job is not named " + MIGRATION_JOB);
        Map<String, Object> jobPod = map(map(map(job, "spec"), "template"), "spec");
        Map<String, Object> servingPod = map(map(map(deployment, "spec"), "template"), "spec");
        List<Object> jobContainers = (List<Object>) jobPod.getOrDefault("containers", List.of());
        List<Object> servingContainers = (List<Object>) servingPod.getOrDefault("containers", List.of());
        require(problems, jobContainers.size() == 1, "the Job has not exactly one container");
        require(problems, !servingContainers.isEmpty(), "the Deployment has no container");
        if (jobContainers.size() != 1 || servingContainers.isEmpty()) {
            return problems;
        }
        Map<String, Object> migration = (Map<String, Object>) jobContainers.get(0);
        Map<String, Object> serving = (Map<String, Object>) servingContainers.get(0);
        String image = String.valueOf(migration.get("image"));
        String servingImage = String.valueOf(serving.get("image"));
        int colon = servingImage.lastIndexOf(':');
        String expected = colon < 0 ? servingImage + "-migrate" : servingImage.substring(0, colon) + "-migrate" + servingImage.substring(colon);
        require(problems, image.equals(expected), "the Job's image " + image + " is not the migration image of the service's version, "
                + expected);
        require(problems, Objects.equals(migration.get("envFrom"), serving.get("envFrom")) && migration.get("envFrom") != null,
                "the Job does not take its settings from the service's Secret (envFrom " + serving.get("envFrom") + ")");
        require(problems, !migration.containsKey("command") && !migration.containsKey("args"),
                "the Job's container overrides the image's entry point or arguments");
        Object backoff = map(job, "spec").get("backoffLimit");
        require(problems, backoff instanceof Integer limit && limit > 0 && limit <= 10, "the Job's backoffLimit is not between 1 and 10");
        require(problems, List.of("Never", "OnFailure").contains(jobPod.get("restartPolicy")), "the Job's restartPolicy is not Never or OnFailure");
        require(problems, ((List<Object>) jobPod.getOrDefault("volumes", List.of())).stream()
                .allMatch(volume -> ((Map<String, Object>) volume).containsKey("emptyDir")),
                "the Job's pod has a volume other than an emptyDir (it needs neither the Animus home nor the keys)");
        require(problems, ((List<Object>) servingPod.getOrDefault("initContainers", List.of())).stream()
                .map(container -> (List<Object>) ((Map<String, Object>) container).getOrDefault("args", List.of()))
                .anyMatch(args -> args.contains("job") && args.contains(MIGRATION_JOB)),
                "no init container of the Deployment waits for the Job " + MIGRATION_JOB);
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
