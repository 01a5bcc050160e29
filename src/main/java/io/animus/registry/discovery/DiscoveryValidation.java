package io.animus.registry.discovery;

import io.animus.registry.discovery.home.Location;
import io.animus.registry.discovery.home.Manifest;
import io.animus.registry.discovery.home.ManifestFile;
import io.animus.registry.discovery.home.ManifestReader;
import io.animus.registry.discovery.smcp.DescribeContract;
import io.animus.registry.discovery.smcp.Described;
import io.animus.registry.discovery.smcp.SmcpManifests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.plugin.Plugin;
import io.animus.registry.tool.JsonSchemas;
import io.animus.registry.tool.Tool;
import io.animus.registry.web.ProblemException;

/**
 * The dry run of one file: what discovery would make of a manifest or of an SMCP plugin's
 * {@code --describe} output if it lay at a given path under the home, by the same reading and checks
 * as a scan, and against the registry as it is now (a name made through the API is a conflict).
 * It only reads: no row, version, event or run is written.
 */
@ApplicationScoped
public class DiscoveryValidation {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DiscoveryConfig config;

    @Inject
    JsonSchemas schemas;

    /** The dry run of {@code content} lying at {@code path}; 422 for a path that is not one discovery could read. */
    public ValidateResponse validate(String path, String content) {
        String[] segments = segments(path);
        String file = segments[segments.length - 1];
        List<DiscoveryProblem> problems = new ArrayList<>();
        List<ValidateResponse.Entry> entries = new ArrayList<>();
        if (file.equals("manifest.json")) {
            manifest(path, segments, content, problems, entries);
        } else if (file.equals("cli.py") && segments.length >= 2) {
            describe(path, segments[segments.length - 2], content, problems, entries);
        } else {
            throw ProblemException.invalid("path", "names neither a manifest.json nor an SMCP plugin's cli.py: discovery reads no other file");
        }
        return new ValidateResponse(problems.isEmpty(), List.copyOf(problems), problems.isEmpty() ? List.copyOf(entries) : List.of());
    }

    private void manifest(String path, String[] segments, String content, List<DiscoveryProblem> problems,
            List<ValidateResponse.Entry> entries) {
        Location location = location(segments);
        if (location == null) {
            problems.add(new DiscoveryProblem(path, "is not where discovery reads manifests: tools/<tool>/manifest.json,"
                    + " plugins/<plugin>/manifest.json or agents/<agent>/modules/<module>/manifest.json"));
            return;
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        long max = config.maxManifestSize().asLongValue();
        if (bytes.length > max) {
            problems.add(new DiscoveryProblem(path, "is " + bytes.length + " bytes, larger than the limit of " + max
                    + " bytes (animus.discovery.max-manifest-size)"));
            return;
        }
        String agentFolder = location == Location.AGENT_MODULE ? segments[1] : null;
        Manifest manifest;
        try {
            manifest = new ManifestReader(max).parse(new ManifestFile(path, location, agentFolder, Path.of(path)), bytes,
                    ManifestReader.sha256(bytes), (schema, text) -> {
                        if (location != Location.PLUGIN) {
                            try {
                                schemas.checkSchema(schema);
                            } catch (ProblemException e) {
                                throw new ManifestReader.Refused(DiscoveryScan.schemaProblem(e));
                            }
                        }
                    });
        } catch (ManifestReader.Refused e) {
            problems.add(new DiscoveryProblem(path, e.getMessage()));
            return;
        }
        switch (location) {
            case TOOL -> entries.add(tool(path, manifest.name(), manifest.version(), manifest.moduleScope().label(), null, problems));
            case AGENT_MODULE -> {
                Optional<Tool> tool = Tool.findByName(manifest.name());
                if (tool.isPresent() && tool.get().discoveredFrom == null) {
                    problems.add(handMade(path, manifest.name(), tool.get()));
                }
                entries.add(new ValidateResponse.Entry("tool_instance", manifest.name(), manifest.name(), agentFolder, manifest.version(),
                        manifest.moduleScope().label(), null, null));
            }
            case PLUGIN -> entries.add(plugin(path, manifest.name(), manifest.tool(), manifest.version(), problems));
        }
    }

    private void describe(String path, String plugin, String content, List<DiscoveryProblem> problems, List<ValidateResponse.Entry> entries) {
        long max = config.smcp().maxOutput().asLongValue();
        if (content.getBytes(StandardCharsets.UTF_8).length > max) {
            problems.add(new DiscoveryProblem(path, "--describe printed more than " + max + " bytes (animus.discovery.smcp.max-output)"));
            return;
        }
        Described described;
        try {
            described = DescribeContract.read(plugin, content);
        } catch (DescribeContract.Broken e) {
            e.reasons().forEach(reason -> problems.add(new DiscoveryProblem(path, SmcpManifests.brokenReason(reason))));
            return;
        }
        Optional<Tool> smcp = Tool.findByName(SmcpManifests.TOOL);
        entries.add(new ValidateResponse.Entry("tool", SmcpManifests.TOOL, null, null, null, "global", null,
                smcp.map(DiscoveryValidation::existing).orElse("new")));
        entries.add(plugin(path, plugin, SmcpManifests.TOOL, described.version(), problems));
        for (Described.Command command : described.commands()) {
            entries.add(tool(path, command.tool(), described.version(), "global", tree(command.inputSchema()), problems));
        }
    }

    private static ValidateResponse.Entry tool(String path, String name, String version, String scope, JsonNode inputSchema,
            List<DiscoveryProblem> problems) {
        Optional<Tool> existing = Tool.findByName(name);
        if (existing.isPresent() && existing.get().discoveredFrom == null) {
            problems.add(handMade(path, name, existing.get()));
        }
        return new ValidateResponse.Entry("tool", name, null, null, version, scope, inputSchema,
                existing.map(DiscoveryValidation::existing).orElse("new"));
    }

    private static ValidateResponse.Entry plugin(String path, String name, String toolName, String version, List<DiscoveryProblem> problems) {
        Optional<Tool> tool = Tool.findByName(toolName);
        String existing = "new";
        if (tool.isEmpty() && !toolName.equals(SmcpManifests.TOOL)) {
            problems.add(new DiscoveryProblem(path, "names the tool '" + toolName + "' in \"tool\", which is not in the registry"));
        } else if (tool.isPresent()) {
            Optional<Plugin> plugin = Plugin.listByTool(tool.get()).stream().filter(row -> row.name.equals(name)).findFirst();
            if (plugin.isPresent() && plugin.get().discoveredFrom == null) {
                problems.add(new DiscoveryProblem(path, "names the plugin '" + name + "' of tool '" + toolName
                        + "', which was created through the API (plugin " + plugin.get().id + "); discovery leaves it alone"));
            }
            existing = plugin.map(row -> row.discoveredFrom == null ? "api" : "discovered").orElse("new");
        }
        return new ValidateResponse.Entry("plugin", name, toolName, null, version, null, null, existing);
    }

    private static DiscoveryProblem handMade(String path, String name, Tool tool) {
        return new DiscoveryProblem(path, "names the tool '" + name + "', which was created through the API (tool " + tool.id
                + "); discovery leaves it alone. Rename the module or delete that tool");
    }

    private static String existing(Tool tool) {
        return tool.discoveredFrom == null ? "api" : "discovered";
    }

    /** The manifest's place, as the walk of the home decides it; NULL for a place the walk does not read. */
    private static Location location(String[] segments) {
        if (segments.length == 3 && segments[0].equals("tools")) {
            return Location.TOOL;
        }
        if (segments.length == 3 && segments[0].equals("plugins")) {
            return Location.PLUGIN;
        }
        if (segments.length == 5 && segments[0].equals("agents") && segments[2].equals("modules")) {
            return Location.AGENT_MODULE;
        }
        return null;
    }

    /** The path's segments; 422 for an absolute path, one that climbs with {@code ..}, or one with empty or dot segments. */
    private static String[] segments(String path) {
        if (path.startsWith("/") || path.contains("\\") || path.contains("\0") || path.matches("^[A-Za-z]:.*")) {
            throw ProblemException.invalid("path", "must be relative to the Animus home, with / between folders");
        }
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (segment.equals("..")) {
                throw ProblemException.invalid("path", "must not climb out of a folder with ..");
            }
            if (segment.isEmpty() || segment.startsWith(".")) {
                throw ProblemException.invalid("path", "has an empty segment or one starting with a dot, which discovery skips");
            }
        }
        return segments;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
