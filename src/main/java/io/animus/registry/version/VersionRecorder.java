package io.animus.registry.version;

import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.plugin.Plugin;
import io.animus.registry.tool.Tool;

/**
 * Records the definitions that the API writes as version rows: a tool's or plugin's definition, its
 * hash and, for a tool, the instances its schema rejected. A definition already recorded under the
 * same version string is not recorded again; one that comes back with another body under a version
 * string already recorded is a new row that names the row it conflicts with. Discovery records its
 * versions in bulk in its own SQL, with the same rules.
 */
@ApplicationScoped
public class VersionRecorder {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    @Inject
    CurrentUser currentUser;

    /** The fields of a tool that make its definition; its status and {@code is_enabled} are state, not version. */
    public ObjectNode definition(Tool tool) {
        ObjectNode body = mapper.createObjectNode();
        body.put("name", tool.name);
        body.put("version", tool.version);
        body.put("description", tool.description);
        body.put("emoji", tool.emoji);
        body.put("category", tool.category);
        body.put("module_scope", tool.moduleScope.label());
        body.set("config_schema", tool.configSchema);
        return body;
    }

    /** The fields of a plugin that make its definition; its status and {@code is_enabled} are state, not version. */
    public ObjectNode definition(Plugin plugin) {
        ObjectNode body = mapper.createObjectNode();
        body.put("name", plugin.name);
        body.put("version", plugin.version);
        body.set("config", plugin.config);
        body.set("dependencies", plugin.dependencies == null ? null : mapper.valueToTree(plugin.dependencies));
        return body;
    }

    /**
     * SHA-256 (hex) of {@code body} as canonical JSON text: PostgreSQL's {@code jsonb} output, which
     * orders keys and has one spelling per value, so that the same definition always has the same hash.
     * It does not flush the session, so that an entity changed before is still written once.
     */
    public String hash(JsonNode body) {
        return (String) em.createNativeQuery("SELECT encode(sha256(convert_to(CAST(CAST(:body AS text) AS jsonb)::text, 'UTF8')), 'hex')")
                .setParameter("body", text(body)).setFlushMode(FlushModeType.COMMIT).getSingleResult();
    }

    /** Records the tool's definition {@code body}, of hash {@code tool.versionHash}, unless it is recorded; answers its row. */
    public ToolVersion record(Tool tool, JsonNode body, List<InvalidInstance> invalidInstances) {
        return ToolVersion.<ToolVersion> find("toolId = ?1 and manifestHash = ?2", tool.id, tool.versionHash).stream()
                .filter(row -> Objects.equals(row.version, tool.version)).findFirst().orElseGet(() -> {
                    ToolVersion row = new ToolVersion();
                    row.toolId = tool.id;
                    row.version = tool.version;
                    row.manifestHash = tool.versionHash;
                    row.manifest = body;
                    row.configSchema = tool.configSchema;
                    row.source = "api";
                    row.recordedBy = currentUser.id();
                    row.conflictsWith = conflict("tool_versions", "tool_id", tool.id, tool.version, tool.versionHash);
                    row.invalidInstances = invalidInstances.isEmpty() ? null : SchemaUpgrade.toJson(invalidInstances);
                    row.persistAndFlush();
                    return row;
                });
    }

    /** Records the plugin's definition {@code body}, of hash {@code plugin.versionHash}, unless it is recorded; answers its row. */
    public PluginVersion record(Plugin plugin, JsonNode body) {
        return PluginVersion.<PluginVersion> find("pluginId = ?1 and manifestHash = ?2", plugin.id, plugin.versionHash).stream()
                .filter(row -> Objects.equals(row.version, plugin.version)).findFirst().orElseGet(() -> {
                    PluginVersion row = new PluginVersion();
                    row.pluginId = plugin.id;
                    row.version = plugin.version;
                    row.manifestHash = plugin.versionHash;
                    row.manifest = body;
                    row.source = "api";
                    row.recordedBy = currentUser.id();
                    row.conflictsWith = conflict("plugin_versions", "plugin_id", plugin.id, plugin.version, plugin.versionHash);
                    row.persistAndFlush();
                    return row;
                });
    }

    /** The latest row of the same owner and version string with another hash; none for a row without a version string. */
    private Long conflict(String table, String owner, int ownerId, String version, String hash) {
        if (version == null) {
            return null;
        }
        Object id = em.createNativeQuery("SELECT max(id) FROM " + table + " WHERE " + owner + " = :owner AND version = :version"
                + " AND manifest_hash <> :hash").setParameter("owner", ownerId).setParameter("version", version)
                .setParameter("hash", hash).getSingleResult();
        return id == null ? null : ((Number) id).longValue();
    }

    private String text(JsonNode body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
