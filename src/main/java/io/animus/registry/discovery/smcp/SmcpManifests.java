package io.animus.registry.discovery.smcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.animus.registry.discovery.home.Location;
import io.animus.registry.discovery.home.Manifest;
import io.animus.registry.discovery.home.ManifestReader;
import io.animus.registry.tool.ModuleScope;

/**
 * An SMCP plugin in the registry's terms, so that the scan reconciles it as it does manifests: the
 * global tool {@code smcp} (made when the first plugin is found), the plugin as a plugin of that tool
 * (its row's manifest is the {@code --describe} output, its hash that of the folder's {@code *.py}
 * files), and each command as a global tool {@code <plugin>__<command>} with the command's input
 * schema. All of them are discovered from the plugin's {@code cli.py}, so that holding or losing the
 * plugin's folder holds or switches Off all of them together.
 */
public final class SmcpManifests {

    /** The tool SMCP's plugins belong to. */
    public static final String TOOL = "smcp";
    /** Where the {@code smcp} tool is discovered from: it has no file, only the plugins found. */
    public static final String TOOL_PATH = "smcp";
    private static final String TOOL_DOCUMENT = "{\"name\":\"smcp\",\"type\":\"mcp_server\",\"description\":\"SMCP, the MCP server"
            + " of Animus: each command of its plugins is an MCP tool named <plugin>__<command>\"}";

    private SmcpManifests() {
    }

    /** The problem's reason for one broken rule of the contract. */
    public static String brokenReason(String rule) {
        return "--describe output breaks SMCP's plugin contract v1: " + rule;
    }

    /** The tool {@code smcp}. */
    public static Manifest tool() {
        return new Manifest(TOOL_PATH, Location.TOOL, null, hash(TOOL_DOCUMENT), TOOL_DOCUMENT, TOOL, "mcp_server",
                "SMCP, the MCP server of Animus: each command of its plugins is an MCP tool named <plugin>__<command>", null,
                ModuleScope.GLOBAL, null, null, null, null, null, null, null);
    }

    /**
     * The plugin and its commands' tools.
     *
     * @param path the plugin's {@code cli.py}, as rows record it
     * @param folderHash the hash of the folder's {@code *.py} files
     */
    public static List<Manifest> of(String path, String folderHash, Described plugin) {
        List<Manifest> manifests = new ArrayList<>();
        manifests.add(new Manifest(path, Location.PLUGIN, null, folderHash, plugin.document(), plugin.plugin(), "plugin",
                plugin.description(), plugin.version(), null, null, null, "cli.py", TOOL, null, null, null));
        for (Described.Command command : plugin.commands()) {
            manifests.add(new Manifest(path, Location.TOOL, null, hash(canonical(command.document()) + "\n" + plugin.version()), command.document(),
                    command.tool(), "smcp_command", command.description(), plugin.version(), ModuleScope.GLOBAL, null, null, "cli.py",
                    null, null, null, command.inputSchema()));
        }
        return manifests;
    }

    private static final JsonMapper CANONICAL = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /**
     * The JSON text with the keys of every object sorted: the same command gives the same text whether it
     * was printed by the plugin or read back from the plugin row's {@code jsonb} (which orders keys its own way).
     */
    static String canonical(String json) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.readValue(json, Object.class));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Not JSON: " + e.getMessage(), e);
        }
    }

    private static String hash(String text) {
        return ManifestReader.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
