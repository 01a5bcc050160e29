package io.animus.registry.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import io.animus.registry.agent.Status;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.servicekey.VerifiedServiceKeys;
import io.animus.registry.web.Dependents;
import io.animus.registry.web.ETags;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Reads and changes agents under the visibility rule, and deletes them without leaving anything dangling. */
@ApplicationScoped
public class AgentService {

    @Inject
    EntityManager em;

    @Inject
    VerifiedServiceKeys serviceKeys;

    @Inject
    CurrentUser currentUser;

    @Inject
    AgentCache cache;

    /** The filters of the agent list; NULL means "any". */
    @RegisterForReflection
    public record Filter(Status status, Boolean isActive, String name) {
    }

    public Page<AgentResponse> list(Filter filter, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (filter.status() != null) {
            where.append(" AND a.status = :status");
            parameters.put("status", filter.status().label());
        }
        if (filter.isActive() != null) {
            where.append(" AND a.is_active = :active");
            parameters.put("active", filter.isActive());
        }
        if (filter.name() != null && !filter.name().isBlank()) {
            where.append(" AND a.name ILIKE :name ESCAPE '\\'");
            parameters.put("name", "%" + filter.name().replaceAll("([\\\\%_])", "\\\\$1") + "%");
        }
        if (!currentUser.isAdmin()) {
            where.append(" AND ").append(AgentVisibility.SQL);
            parameters.put("viewer_id", currentUser.id());
            parameters.put("viewer_role", currentUser.role().label());
        }
        Query select = em.createNativeQuery("SELECT a.* FROM agents a" + where + " ORDER BY a.id LIMIT :limit OFFSET :offset", Agent.class);
        Query count = em.createNativeQuery("SELECT count(*) FROM agents a" + where);
        parameters.forEach((name, value) -> {
            select.setParameter(name, value);
            count.setParameter(name, value);
        });
        select.setParameter("limit", page.size()).setParameter("offset", (long) page.page() * page.size());
        @SuppressWarnings("unchecked")
        List<Agent> agents = select.getResultList();
        long total = ((Number) count.getSingleResult()).longValue();
        Map<Integer, AgentLettaLink> links = AgentLettaLink.forAgents(agents.stream().map(agent -> agent.id).toList());
        return new Page<>(agents.stream().map(agent -> AgentResponse.from(agent, links.get(agent.id))).toList(), page.page(),
                page.size(), total);
    }

    /** The ids of the agents the current user may see. */
    public List<Integer> visibleIds() {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("SELECT a.id FROM agents a WHERE " + AgentVisibility.SQL)
                .setParameter("viewer_id", currentUser.id())
                .setParameter("viewer_role", currentUser.role().label())
                .getResultList();
        return ids.stream().map(Number::intValue).toList();
    }

    /** The agent with this id, when the current user may see it. */
    public Optional<Agent> find(int id) {
        return cache.get(id, () -> Agent.<Agent> findByIdOptional(id)).filter(this::visible);
    }

    /**
     * The answer for the agent with this id from the cache alone, serialized once per version: empty
     * when it is not cached (the caller then uses {@link #find}, off the event loop); a 404 problem when
     * it is cached and the current user may not see it, as {@link #find} would answer.
     */
    public Optional<AgentCache.AgentBody> findCachedBody(int id) {
        return cache.peekEntry(id).map(entry -> {
            if (!visible(entry.agent)) {
                throw ProblemException.notFound("No agent " + id);
            }
            return cache.body(entry);
        });
    }

    public Optional<Agent> findByLettaUid(String lettaUid) {
        return Agent.findByLettaUid(lettaUid).filter(this::visible);
    }

    @Transactional
    public Agent create(AgentRequest request) {
        Agent agent = new Agent();
        request.applyTo(agent);
        agent.createdBy = currentUser.reference();
        agent.persistAndFlush();
        return agent;
    }

    @Transactional
    public Agent update(int id, AgentRequest request, String ifMatch) {
        Agent agent = lock(id);
        ETags.checkIfMatch(ifMatch, version(agent));
        cache.evictOnCompletion(id);
        serviceKeys.forgetAllOnCompletion();
        request.applyTo(agent);
        agent.persistAndFlush();
        return agent;
    }

    /**
     * Deletes the agent. What still refers to it (tool instances, agent configs, agent-scoped
     * configurations, chat sessions) is deleted with it when {@code cascade} is asked, and otherwise
     * makes the delete a 409 that names it.
     */
    @Transactional
    public void delete(int id, boolean cascade, String ifMatch) {
        Agent agent = lock(id);
        ETags.checkIfMatch(ifMatch, version(agent));
        cache.evictOnCompletion(id);
        serviceKeys.forgetAllOnCompletion();
        Dependents.deleteOrRefuse(em, id, "Agent " + id, cascade, DEPENDENTS);
        agent.delete();
    }

    /** What refers to an agent; chat messages go with their sessions. */
    private static final List<Dependents.Kind> DEPENDENTS = List.of(
            new Dependents.Kind("tool instance(s)", "tool_instances", "agent_id = :id"),
            new Dependents.Kind("agent config(s)", "agent_configs", "agent_id = :id"),
            new Dependents.Kind("configuration(s)", "configurations", "scope = 'agent' AND scope_id = :id"),
            new Dependents.Kind("chat session(s)", "web_chat_sessions", "agent_id = :id"));

    /** The version an agent's entity tag names: the agent's and its Letta link's (see {@link AgentLettaLink#version}). */
    public static java.time.Instant version(Agent agent) {
        return AgentLettaLink.version(agent, AgentLettaLink.forAgent(agent.id).orElse(null));
    }

    private Agent lock(int id) {
        Agent agent = Agent.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (agent == null) {
            throw ProblemException.notFound("No agent " + id);
        }
        return agent;
    }

    private boolean visible(Agent agent) {
        return AgentVisibility.canSee(agent, currentUser.id(), currentUser.role());
    }
}
