package io.animus.registry.discovery.home;

import java.util.List;


import io.animus.registry.tool.ModuleScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A manifest that was read and understood: the seed's fields with their defaults applied, the
 * whole document kept (unknown fields included) and the hash of its bytes. Between scans it is kept
 * as its {@link #summary() summary}: the keys reconciliation compares, without the values it writes.
 *
 * @param path relative to the Animus home
 * @param agentFolder for an agent module, the agent's folder name
 * @param hash SHA-256 of the file's bytes, in hex
 * @param document the whole manifest as compact JSON, comments dropped; NULL in a summary
 * @param moduleScope the declared scope, or the location's default; NULL for plugins
 * @param configSchema the config schema as compact JSON text, NULL when absent (kept as text: a scan holds
 *        every manifest of the home until it is reconciled, and parsed trees would take several times the memory)
 * @param dependencies for plugins, the names of the plugins of the same tool it needs; NULL when absent
 * @param tool for plugins, the name of the parent tool
 * @param inputSchema for the tool of an SMCP plugin's command, the JSON Schema of its arguments as compact JSON; otherwise NULL
 */
@RegisterForReflection
public record Manifest(
        String path,
        Location location,
        String agentFolder,
        String hash,
        String document,
        String name,
        String type,
        String description,
        String version,
        ModuleScope moduleScope,
        String configSchema,
        List<String> dependencies,
        String entryPoint,
        String tool,
        String emoji,
        String category,
        String inputSchema) {

    /**
     * What reconciliation compares a manifest by (path, place, hash, names, scope, dependencies), without
     * what only a write needs (the document, the config schema, the descriptive fields). Rescans keep the
     * last scan's manifests as summaries: an unchanged manifest is compared, not written, so its values
     * are read again from the file only in the rare case that its row must be written after all.
     */
    public Manifest summary() {
        return complete() ? new Manifest(path, location, agentFolder, hash, null, name, type, null, null, moduleScope, null,
                dependencies, null, tool, null, null, null) : this;
    }

    /** Whether this is the whole manifest, not a {@link #summary()}. */
    public boolean complete() {
        return document != null;
    }

    /** Whether this was made from an SMCP plugin's {@code --describe} output rather than read from a manifest file. */
    public boolean fromSmcp() {
        return path.endsWith("/cli.py") || path.equals("smcp");
    }

    /** The config schema as JSON text for a {@code jsonb} column, or NULL. */
    public String configSchemaJson() {
        return configSchema;
    }
}
