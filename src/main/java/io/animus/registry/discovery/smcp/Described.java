package io.animus.registry.discovery.smcp;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An SMCP plugin as its {@code --describe} output describes it, once the output kept to the contract.
 *
 * @param plugin the plugin's name: its folder's name, as SMCP names it (not {@code plugin.name})
 * @param version {@code plugin.version}, or NULL
 * @param description {@code plugin.description}, or NULL
 * @param document the output as compact JSON, what the plugin row keeps as its manifest
 * @param commands the commands, each an MCP tool {@code <plugin>__<command>}
 */
@RegisterForReflection
public record Described(String plugin, String version, String description, String document, List<Command> commands) {

    /**
     * One command of the plugin.
     *
     * @param tool the MCP tool's name, {@code <plugin>__<command>}
     * @param inputSchema the JSON Schema made from the command's parameters, as compact JSON
     * @param document the command as the plugin printed it, as compact JSON
     */
    @RegisterForReflection
    public record Command(String name, String tool, String description, String inputSchema, String document) {
    }
}
