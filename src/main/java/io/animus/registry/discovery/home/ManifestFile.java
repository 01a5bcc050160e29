package io.animus.registry.discovery.home;

import java.nio.file.Path;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A {@code manifest.json} found under the Animus home, not yet read.
 *
 * @param path the manifest's path relative to the home, with {@code /} separators (what rows record as {@code discovered_from})
 * @param location which of the three places it was found in
 * @param agentFolder for an agent module, the name of the agent's folder; otherwise NULL
 * @param file the manifest's real path, checked to lie inside the home
 */
@RegisterForReflection
public record ManifestFile(String path, Location location, String agentFolder, Path file) {
}
