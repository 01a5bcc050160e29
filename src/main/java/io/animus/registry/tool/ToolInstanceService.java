package io.animus.registry.tool;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.animus.registry.agent.Agent;
import io.animus.registry.agent.AgentService;
import io.animus.registry.agent.AgentVisibility;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.servicekey.VerifiedServiceKeys;
import io.animus.registry.web.ETags;
import io.animus.registry.web.ListFilter;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.panache.common.Sort;

/**
 * Creates and changes tool instances under the module-scope rule and their tool's config schema.
 * An instance of an agent the current user may not see is, to them, absent.
 */
@ApplicationScoped
public class ToolInstanceService {

    @Inject
    CurrentUser currentUser;

    @Inject
    VerifiedServiceKeys serviceKeys;

    @Inject
    JsonSchemas schemas;

    @Inject
    ToolService tools;

    @Inject
    AgentService agents;

    public Page<ToolInstanceResponse> list(Integer toolId, Integer agentId, PageRequest page) {
        ListFilter filter = new ListFilter().equal("tool.id", "toolId", toolId).equal("agent.id", "agentId", agentId);
        if (!currentUser.isAdmin()) {
            List<Integer> visible = agents.visibleIds();
            if (visible.isEmpty()) {
                filter.where("agent is null");
            } else {
                filter.where("(agent is null or agent.id in :visible)", "visible", visible);
            }
        }
        return Page.of(ToolInstance.<ToolInstance> find(filter.query(), Sort.by("id"), filter.parameters()), page,
                ToolInstanceResponse::from);
    }

    public Optional<ToolInstance> find(int id) {
        return ToolInstance.<ToolInstance> findByIdOptional(id)
                .filter(instance -> instance.agent == null
                        || AgentVisibility.canSee(instance.agent, currentUser.id(), currentUser.role()));
    }

    @Transactional
    public ToolInstance create(int toolId, ToolInstanceRequest request) {
        Tool tool = tools.lock(toolId);
        ToolInstance instance = new ToolInstance();
        instance.tool = tool;
        instance.agent = agent(request.agentId());
        request.applyTo(instance);
        check(instance);
        instance.createdBy = currentUser.reference();
        instance.persistAndFlush();
        return instance;
    }

    @Transactional
    public ToolInstance update(int id, ToolInstanceRequest request, String ifMatch) {
        ToolInstance instance = ToolInstance.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (instance == null) {
            throw ProblemException.notFound("No tool instance " + id);
        }
        ETags.checkIfMatch(ifMatch, instance.updatedAt);
        serviceKeys.forgetAllOnCompletion();
        tools.lock(instance.tool.id);
        instance.agent = agent(request.agentId());
        request.applyTo(instance);
        check(instance);
        instance.persistAndFlush();
        return instance;
    }

    @Transactional
    public void delete(int id, String ifMatch) {
        ToolInstance instance = ToolInstance.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (instance == null) {
            throw ProblemException.notFound("No tool instance " + id);
        }
        ETags.checkIfMatch(ifMatch, instance.updatedAt);
        serviceKeys.forgetAllOnCompletion();
        instance.delete();
    }

    /** The scope rule and the tool's schema; the tool is locked, so no other instance of it is being written. */
    private void check(ToolInstance instance) {
        Optional<ToolInstance> existing = instance.agent == null ? Optional.empty()
                : ToolInstance.find("tool = ?1 and agent = ?2", instance.tool, instance.agent).firstResultOptional();
        InstanceScopeRule.check(instance.tool, instance.agent, existing, instance);
        schemas.checkConfig(instance.tool.configSchema, instance.config);
    }

    private static Agent agent(Integer agentId) {
        if (agentId == null) {
            return null;
        }
        return Agent.<Agent> findByIdOptional(agentId)
                .orElseThrow(() -> ProblemException.invalid("agent_id", "names no agent: " + agentId));
    }
}
