package io.animus.registry.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM flags of the image ({@code src/main/docker/jvm.options}) on the packaged jar: a JVM that
 * runs out of metaspace stops with exit code 3 instead of lingering without serving, and the argument
 * file holds the flags the image relies on.
 */
class JvmFlagsIT {

    static final Path OPTIONS = Path.of("src", "main", "docker", "jvm.options");
    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @TempDir
    Path folder;

    @Test
    void aJvmOutOfMetaspaceStopsWithTheImageFlags() throws Exception {
        Run run = java(List.of("@" + OPTIONS.toAbsolutePath(), "-XX:MaxMetaspaceSize=20m"));
        assertEquals(3, run.exitCode(), run.output());
        assertTrue(run.output().contains("Terminating due to java.lang.OutOfMemoryError: Metaspace"), run.output());
    }

    @Test
    void withoutTheFlagTheSameJvmDoesNotStopThatWay() throws Exception {
        Run run = java(List.of("-Xmx64m", "-XX:MaxMetaspaceSize=20m"));
        assertTrue(run.exitCode() != 3 && !run.output().contains("Terminating due to"), run.output());
    }

    @Test
    void theArgumentFileCapsHeapAndMetaspaceAboveWhatAJvmWithoutClassDataSharingUses() throws IOException {
        List<String> flags = flags(Files.readString(OPTIONS));
        assertTrue(flags.contains("-XX:+ExitOnOutOfMemoryError"), flags.toString());
        assertTrue(flags.contains("-Xmx64m"), flags.toString());
        long metaspace = flags.stream().filter(flag -> flag.startsWith("-XX:MaxMetaspaceSize=")).findFirst()
                .map(flag -> Long.parseLong(flag.replaceAll("\\D", ""))).orElse(Long.MAX_VALUE);
        // 102 MB of metaspace measured with class-data sharing off: the cap must leave room above it
        assertTrue(metaspace >= 160, "MaxMetaspaceSize " + metaspace + "m leaves too little room without the AOT cache");
    }

    /** The arguments of a java argument file: whitespace-separated, {@code #} starts a comment. */
    static List<String> flags(String argumentFile) {
        List<String> flags = new ArrayList<>();
        for (String line : argumentFile.split("\n")) {
            String text = line.replaceAll("#.*", "").trim();
            if (!text.isEmpty()) {
                flags.addAll(List.of(text.split("\\s+")));
            }
        }
        return flags;
    }

    private Run java(List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-jar");
        command.add(JAR.toString());
        Path log = folder.resolve("run.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Run(-1, "still running after 120 s: " + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }

    record Run(int exitCode, String output) {
    }
}
