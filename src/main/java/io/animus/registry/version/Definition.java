package io.animus.registry.version;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A definition the API wrote, to be recorded as a version: whose it is (a tool's or plugin's id), its
 * version string, the hash of {@code body}, the body, and the config schema it declares (or null).
 */
public record Definition(int ownerId, String version, String hash, JsonNode body, JsonNode configSchema) {
}
