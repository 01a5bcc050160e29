package io.animus.registry.template;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What an application of a template made, each with its id and where to read it: the agent or the
 * tool, its settings and (for an agent) its tool instances. No value is echoed, secret or not.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppliedTemplate(
        int templateId,
        TemplateKind kind,
        @Schema(description = "The agent made by an agent template; absent for a tool template") Made agent,
        @Schema(description = "The tool made by a tool template; absent for an agent template") Made tool,
        List<Made> settings,
        List<Made> toolInstances) {

    /** One row the application made: its id, its name (a setting's key), and its URL. */
    @RegisterForReflection
    public record Made(int id, @Schema(nullable = true) String name, String href) {
    }

    /** The URL of what was made first: the agent or the tool. */
    String location() {
        return agent != null ? agent.href() : tool.href();
    }
}
