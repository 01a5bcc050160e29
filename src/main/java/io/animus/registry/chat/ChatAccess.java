package io.animus.registry.chat;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.animus.registry.agent.Agent;
import io.animus.registry.agent.AgentService;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.Role;
import io.animus.registry.web.ProblemException;

/**
 * Who may see and write a chat session. An admin reads and writes every session. Anyone else reads
 * only their own sessions, and only while the session's agent is visible to them; a session they
 * may not read is answered as absent (404), like an agent they may not see. Posting is for admins
 * and users (the resources declare it), into a session they may read, with an active agent.
 */
@ApplicationScoped
public class ChatAccess {

    @Inject
    CurrentUser currentUser;

    @Inject
    AgentService agents;

    @Inject
    EntityManager em;

    /** The session, when the current user may read it; a 404 otherwise. */
    public WebChatSession readable(String sessionId) {
        WebChatSession session = WebChatSession.<WebChatSession> findByIdOptional(sessionId)
                .filter(this::mayRead)
                .orElseThrow(() -> ProblemException.notFound("No chat session " + sessionId));
        return session;
    }

    /**
     * Passes when the current user may post to the session: readable (404 when not), and its agent active
     * (409 when not). One small query of the session's owner and agent, no entity: the agent and its
     * visibility come from the agent cache.
     */
    public void requireWritable(String sessionId) {
        List<?> rows = em.createNativeQuery("SELECT user_id, agent_id FROM web_chat_sessions WHERE id = ?1")
                .setParameter(1, sessionId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("No chat session " + sessionId);
        }
        Object[] row = (Object[]) rows.get(0);
        Integer ownerId = row[0] == null ? null : ((Number) row[0]).intValue();
        Integer agentId = row[1] == null ? null : ((Number) row[1]).intValue();
        Optional<Agent> agent = agentId == null ? Optional.empty() : agents.find(agentId);
        if (!mayRead(ownerId, agent.isPresent(), currentUser.id(), currentUser.role())) {
            throw ProblemException.notFound("No chat session " + sessionId);
        }
        requireActive(agent.orElse(null), agentId);
    }

    /** The agent a new session would talk to: visible to the current user (404) and active (409). */
    public Agent agentForNewSession(int agentId) {
        Agent agent = agents.find(agentId).orElseThrow(() -> ProblemException.notFound("No agent " + agentId));
        requireActive(agent, agentId);
        return agent;
    }

    boolean mayRead(WebChatSession session) {
        Integer ownerId = session.user == null ? null : session.user.id;
        Integer agentId = session.agent == null ? null : session.agent.id;
        Optional<Agent> agent = agentId == null ? Optional.empty() : agents.find(agentId);
        return mayRead(ownerId, agent.isPresent(), currentUser.id(), currentUser.role());
    }

    /**
     * The rule itself: an admin reads everything; anyone else their own sessions whose agent they can
     * see ({@code agentVisible} is the agent visibility rule applied to the caller).
     */
    static boolean mayRead(Integer ownerId, boolean agentVisible, Integer callerId, Role callerRole) {
        if (callerRole == Role.ADMIN) {
            return true;
        }
        return callerId != null && Objects.equals(ownerId, callerId) && agentVisible;
    }

    private static void requireActive(Agent agent, Integer agentId) {
        if (agent == null) {
            throw ProblemException.conflict("The chat session has no agent to talk to");
        }
        if (!agent.active) {
            throw ProblemException.conflict("Agent " + agentId + " is not active; it takes no new messages");
        }
    }
}
