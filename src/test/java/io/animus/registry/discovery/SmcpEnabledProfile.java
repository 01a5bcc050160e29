package io.animus.registry.discovery;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** SMCP discovery on, with a short timeout, a configured SMCP plugins folder and python3 itself as the interpreter. */
public class SmcpEnabledProfile implements QuarkusTestProfile {

    /** The configured SMCP plugins folder, relative to the working directory. */
    public static final String SMCP_FOLDER = "target/smcp-test-plugins";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("animus.discovery.smcp.enabled", "true", "animus.discovery.smcp.timeout", "2s",
                "animus.discovery.smcp.plugins", SMCP_FOLDER, "animus.discovery.smcp.concurrency", "4",
                "animus.discovery.smcp.python", python());
    }

    /** python3 itself rather than a wrapper on the PATH (pyenv's shim is a shell script with an environment of its own). */
    public static String python() {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
            String executable = new String(process.getInputStream().readAllBytes()).strip();
            return process.waitFor() == 0 && !executable.isEmpty() ? executable : "python3";
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("python3 is needed by the SMCP discovery tests", e);
        }
    }
}
