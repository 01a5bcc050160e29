package io.animus.registry.discovery;

import io.animus.registry.discovery.home.Location;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** A temporary Animus home for one test, with the three roots, and helpers to write manifests into it. */
final class TestHome implements AutoCloseable {

    final Path root;

    private TestHome(Path root) {
        this.root = root;
    }

    /** A home with empty {@code agents/}, {@code tools/} and {@code plugins/}. */
    static TestHome create() {
        try {
            TestHome home = new TestHome(Files.createTempDirectory("animus-home"));
            for (Location location : Location.values()) {
                Files.createDirectories(home.root.resolve(location.root()));
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestHome tool(String folder, String json) {
        return write("tools/" + folder + "/manifest.json", json);
    }

    TestHome plugin(String folder, String json) {
        return write("plugins/" + folder + "/manifest.json", json);
    }

    TestHome module(String agentFolder, String module, String json) {
        return write("agents/" + agentFolder + "/modules/" + module + "/manifest.json", json);
    }

    TestHome write(String relative, String text) {
        return write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    TestHome write(String relative, byte[] bytes) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    /** Deletes a file or a folder with everything in it, without following links. */
    TestHome delete(String relative) {
        deleteTree(root.resolve(relative));
        return this;
    }

    TestHome link(String relative, Path target) {
        try {
            Path link = root.resolve(relative);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, target);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String toolJson(String name) {
        return "{\"name\": \"" + name + "\", \"type\": \"tool\"}";
    }

    static String pluginJson(String name, String tool, String... dependencies) {
        StringBuilder json = new StringBuilder("{\"name\": \"" + name + "\", \"type\": \"plugin\", \"tool\": \"" + tool + "\"");
        if (dependencies.length > 0) {
            json.append(", \"dependencies\": [");
            for (int i = 0; i < dependencies.length; i++) {
                json.append(i == 0 ? "" : ", ").append('"').append(dependencies[i]).append('"');
            }
            json.append(']');
        }
        return json.append('}').toString();
    }

    static void deleteTree(Path start) {
        if (!Files.exists(start, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        deleteTree(root);
    }
}
