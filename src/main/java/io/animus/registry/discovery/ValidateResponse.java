package io.animus.registry.discovery;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What discovery would make of one file: whether it is usable, its problems, and what it would register. */
@RegisterForReflection
public record ValidateResponse(
        boolean valid,
        @Schema(description = "The problems discovery would report, in the shape of a run's problems") List<DiscoveryProblem> problems,
        @Schema(description = "The registry entries the file would define; empty when it is not valid") List<Entry> wouldRegister) {

    /** One registry entry the file would define; fields that do not apply to its kind are left out. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(
            @Schema(enumeration = { "tool", "tool_instance", "plugin" }) String kind,
            String name,
            @Schema(nullable = true, description = "For a plugin, its tool's name") String tool,
            @Schema(nullable = true, description = "For a tool instance, the agent folder it lies in") String agentFolder,
            @Schema(nullable = true) String version,
            @Schema(nullable = true, enumeration = { "global", "agent" }) String moduleScope,
            @Schema(description = "For an SMCP command's tool, the JSON Schema of its arguments (null for other tools)") JsonNode inputSchema,
            @Schema(nullable = true, description = "What the registry holds under this name now: new, discovered (it would be"
                    + " compared and updated when changed) or api (made through the API: discovery would report a conflict)",
                    enumeration = { "new", "discovered", "api" }) String existing) {
    }
}
