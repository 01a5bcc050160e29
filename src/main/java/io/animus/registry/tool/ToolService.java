package io.animus.registry.tool;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.VerifiedServiceKeys;
import io.animus.registry.web.Dependents;
import io.animus.registry.web.ETags;
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

    @Transactional
    public Tool create(ToolRequest request) {
        schemas.checkSchema(request.configSchema());
        Tool tool = new Tool();
        request.applyTo(tool);
        tool.createdBy = currentUser.reference();
        tool.persistAndFlush();
        return tool;
    }

    /**
     * Replaces the tool's fields. A new {@code config_schema} must still accept every instance's
     * config; a new {@code module_scope} must suit the existing instances (checked by the database).
     */
    @Transactional
    public Tool update(int id, ToolRequest request, String ifMatch) {
        Tool tool = lock(id);
        ETags.checkIfMatch(ifMatch, tool.updatedAt);
        serviceKeys.forgetAllOnCompletion();
        schemas.checkSchema(request.configSchema());
        request.applyTo(tool);
        if (tool.configSchema != null) {
            for (ToolInstance instance : ToolInstance.<ToolInstance> list("tool", tool)) {
                try {
                    schemas.checkConfig(tool.configSchema, instance.config);
                } catch (ProblemException e) {
                    throw ProblemException.conflict("The new config_schema rejects the config of tool instance "
                            + instance.id + ": " + e.getMessage() + "; change that instance first");
                }
            }
        }
        tool.persistAndFlush();
        return tool;
    }

    /** Deletes the tool; its instances, plugins and tool-scoped configurations go with it only on request. */
    @Transactional
    public void delete(int id, boolean cascade, String ifMatch) {
        Tool tool = lock(id);
        ETags.checkIfMatch(ifMatch, tool.updatedAt);
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
