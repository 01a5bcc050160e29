package io.animus.registry.version;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A version of a tool as the API shows it. */
@RegisterForReflection
public record ToolVersionResponse(
        long id,
        int toolId,
        @Schema(nullable = true) String version,
        @Schema(description = "SHA-256 (hex) of the manifest's bytes as found, or of the API definition as canonical JSON text") String manifestHash,
        @Schema(description = "The manifest as found (comments dropped), or the definition the API wrote") JsonNode manifest,
        JsonNode configSchema,
        @Schema(description = "The JSON Schema of the tool's arguments in this version (an SMCP command's parameters); null for other tools") JsonNode inputSchema,
        @Schema(enumeration = { "discovery", "api" }) String source,
        @Schema(nullable = true, description = "The manifest's path in the Animus home, for a version found by discovery") String discoveredFrom,
        @Schema(nullable = true, description = "The discovery run that found it (runs are pruned; versions are kept)") Long discoveryRunId,
        @Schema(nullable = true, description = "The user who wrote it through the API") Integer recordedBy,
        Instant recordedAt,
        @Schema(description = "Whether this is the tool's definition now") boolean isCurrent,
        @Schema(nullable = true, description = "An earlier version row with the same version string and another body") Long conflictsWith,
        @Schema(description = "The instances whose configs this version's config_schema rejected when it was recorded (left as they were)")
        List<InvalidInstance> invalidInstances) {

    /** The row as the API shows it, to a tool whose definition now is of version {@code currentVersion} and hash {@code currentHash}. */
    public static ToolVersionResponse from(ToolVersion row, String currentVersion, String currentHash) {
        return new ToolVersionResponse(row.id, row.ownerId, row.version, row.manifestHash, row.manifest, row.configSchema, row.inputSchema,
                row.source, row.discoveredFrom, row.discoveryRunId, row.recordedBy, row.recordedAt,
                row.isCurrent(currentVersion, currentHash), row.conflictsWith,
                InvalidInstance.fromJson(row.invalidInstances));
    }
}
