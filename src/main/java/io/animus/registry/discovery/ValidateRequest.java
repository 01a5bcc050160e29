package io.animus.registry.discovery;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One file to check as discovery would read it, without writing anything. */
@RegisterForReflection
public record ValidateRequest(
        @Schema(description = "Where the file would lie, relative to the Animus home: a manifest.json (tools/x/manifest.json,"
                + " plugins/x/manifest.json, agents/a/modules/x/manifest.json) or an SMCP plugin's cli.py (plugins/x/cli.py)",
                examples = "tools/weather/manifest.json") @NotNull @Size(min = 1, max = 1024) String path,
        @Schema(description = "The manifest's text as on disk, or for a cli.py the output of its --describe")
        @NotNull @Size(max = 4_194_304) String content) {
}
