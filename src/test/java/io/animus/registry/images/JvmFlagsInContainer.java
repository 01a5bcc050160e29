package io.animus.registry.images;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the JVM of a container reports about its memory (Micrometer's {@code jvm_memory_max_bytes} at
 * {@code /q/metrics}) matches the image's argument file {@code src/main/docker/jvm.options}: its
 * metaspace cap and the serial collector's generations.
 */
final class JvmFlagsInContainer {

    private JvmFlagsInContainer() {
    }

    static void assertApplied() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(flagBytes("-XX:MaxMetaspaceSize="), max(metrics, "Metaspace"), "metaspace cap");
        assertTrue(metrics.contains("id=\"Tenured Gen\""), "the serial collector's old generation is not reported");
    }

    /** The value of a size flag of the argument file, in bytes ({@code 192m}). */
    static long flagBytes(String prefix) {
        try {
            String flag = Files.readAllLines(Path.of("src", "main", "docker", "jvm.options")).stream()
                    .map(line -> line.replaceAll("#.*", "").trim()).filter(line -> line.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("jvm.options has no " + prefix));
            String size = flag.substring(prefix.length()).toLowerCase();
            long unit = size.endsWith("g") ? 1L << 30 : size.endsWith("m") ? 1L << 20 : size.endsWith("k") ? 1L << 10 : 1;
            return Long.parseLong(size.replaceAll("[gmk]$", "")) * unit;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long max(String metrics, String pool) {
        return metrics.lines().filter(line -> line.startsWith("jvm_memory_max_bytes{") && line.contains("id=\"" + pool + "\""))
                .map(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no jvm_memory_max_bytes for " + pool + " in /q/metrics"));
    }
}
