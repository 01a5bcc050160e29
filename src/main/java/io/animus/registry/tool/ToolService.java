package io.animus.registry.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.web.ETags;
import io.animus.registry.web.ProblemException;

/** Creates, changes and deletes tools, keeping their instances and plugins consistent with them. */
@ApplicationScoped
public class ToolService {

    @Inject
    EntityManager em;

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
        Map<String, Long> dependents = dependents(id);
        if (!dependents.isEmpty() && !cascade) {
            List<String> parts = new ArrayList<>();
            dependents.forEach((what, count) -> parts.add(count + " " + what));
            throw ProblemException.conflict("Tool '" + tool.name + "' still has " + String.join(", ", parts)
                    + "; delete them first or repeat the request with cascade=true");
        }
        for (String statement : CASCADE) {
            em.createNativeQuery(statement).setParameter("id", id).executeUpdate();
        }
        tool.delete();
    }

    private static final List<String> CASCADE = List.of(
            "DELETE FROM plugins WHERE tool_id = :id",
            "DELETE FROM tool_instances WHERE tool_id = :id",
            "DELETE FROM configurations WHERE scope = 'tool' AND scope_id = :id");

    private Map<String, Long> dependents(int id) {
        Object[] counts = (Object[]) em.createNativeQuery("SELECT"
                + " (SELECT count(*) FROM tool_instances WHERE tool_id = :id),"
                + " (SELECT count(*) FROM plugins WHERE tool_id = :id),"
                + " (SELECT count(*) FROM configurations WHERE scope = 'tool' AND scope_id = :id)")
                .setParameter("id", id).getSingleResult();
        String[] names = { "tool instance(s)", "plugin(s)", "configuration(s)" };
        Map<String, Long> dependents = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            long count = ((Number) counts[i]).longValue();
            if (count > 0) {
                dependents.put(names[i], count);
            }
        }
        return dependents;
    }

    /** The tool, locked for the rest of the transaction. */
    public Tool lock(int id) {
        Tool tool = Tool.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (tool == null) {
            throw ProblemException.notFound("No tool " + id);
        }
        return tool;
    }
}
