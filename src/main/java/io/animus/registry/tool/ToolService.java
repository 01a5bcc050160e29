package io.animus.registry.tool;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.servicekey.VerifiedServiceKeys;
import io.animus.registry.web.Dependents;
import io.animus.registry.web.ETags;
import io.animus.registry.version.Definition;
import io.animus.registry.version.InvalidInstance;
import io.animus.registry.version.ToolVersion;
import io.animus.registry.version.VersionRecorder;
import io.animus.registry.web.ProblemException;

/** Creates, changes and deletes tools, keeping their instances and plugins consistent with them. */
@ApplicationScoped
public class ToolService {

    @Inject
    EntityManager em;

    @Inject
    VerifiedServiceKeys serviceKeys;

    @Inject
    CurrentUser currentUser;

    @Inject
    JsonSchemas schemas;

    @Inject
    VersionRecorder versions;

    @Inject
    SchemaUpgrade upgrade;

    @Inject
    ObjectMapper mapper;

    /** A tool as written, the version row of its definition, and the instances its new schema rejects (left as they are). */
    public record Written(Tool tool, ToolVersion version, List<InvalidInstance> invalidInstances) {
    }

    @Transactional
    public Written create(ToolRequest request) {
        schemas.checkSchema(request.configSchema());
        Tool tool = new Tool();
        request.applyTo(tool);
        tool.createdBy = currentUser.reference();
        return write(tool, List.of());
    }

    /**
     * Replaces the tool's fields. A {@code config_schema} is taken even when it rejects the config of
     * an instance: those instances are named in the answer and on the version row, and left as they
     * are. A new {@code module_scope} must suit the existing instances (checked by the database).
     */
    @Transactional
    public Written update(int id, ToolRequest request, String ifMatch) {
        Tool tool = lock(id);
        ETags.checkIfMatch(ifMatch, tool.updatedAt);
        serviceKeys.forgetAllOnCompletion();
        schemas.checkSchema(request.configSchema());
        JsonNode schema = request.configSchema() == null || request.configSchema().isNull() ? null : request.configSchema();
        List<InvalidInstance> invalid = List.of();
        if (schema != null) {
            Map<Integer, JsonNode> configs = new HashMap<>();
            for (ToolInstance instance : ToolInstance.<ToolInstance> list("tool", tool)) {
                configs.put(instance.id, instance.config);
            }
            invalid = upgrade.invalidInstances(schema, configs);
        }
        request.applyTo(tool);
        return write(tool, invalid);
    }

    private Written write(Tool tool, List<InvalidInstance> invalid) {
        ObjectNode definition = definition(tool);
        tool.versionHash = versions.hash(definition);
        tool.persistAndFlush();
        Definition recorded = new Definition(tool.id, tool.version, tool.versionHash, definition, tool.configSchema);
        return new Written(tool, versions.recordTool(recorded, invalid), invalid);
    }

    /** The fields of a tool that make its definition; its status and {@code is_enabled} are state, not version. */
    private ObjectNode definition(Tool tool) {
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

    /** Deletes the tool; its instances, plugins and tool-scoped configurations go with it only on request. */
    @Transactional
    public void delete(int id, boolean cascade, String ifMatch) {
        Tool tool = lock(id);
        ETags.checkIfMatch(ifMatch, tool.updatedAt);
        serviceKeys.forgetAllOnCompletion();
        Dependents.deleteOrRefuse(em, id, "Tool '" + tool.name + "'", cascade, DEPENDENTS);
        tool.delete();
    }

    /** What refers to a tool. */
    private static final List<Dependents.Kind> DEPENDENTS = List.of(
            new Dependents.Kind("tool instance(s)", "tool_instances", "tool_id = :id"),
            new Dependents.Kind("plugin(s)", "plugins", "tool_id = :id"),
            new Dependents.Kind("configuration(s)", "configurations", "scope = 'tool' AND scope_id = :id"));

    /** The tool, locked for the rest of the transaction. */
    public Tool lock(int id) {
        Tool tool = Tool.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (tool == null) {
            throw ProblemException.notFound("No tool " + id);
        }
        return tool;
    }
}
