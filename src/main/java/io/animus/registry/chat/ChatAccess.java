package io.animus.registry.chat;

import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
    SessionOwners owners;

    /** The session, when the current user may read it; a 404 otherwise. */
    public WebChatSession readable(String sessionId) {
        WebChatSession session = WebChatSession.<WebChatSession> findByIdOptional(sessionId)
                .filter(this::mayRead)
                .orElseThrow(() -> ProblemException.notFound("No chat session " + sessionId));
        return session;
    }

    /**
     * The session's owner and agent when the current user may post to it: readable (404 when not), and its
     * agent active (409 when not). No query when the session's owner and agent are remembered
     * ({@link SessionOwners}); the agent and its visibility come from the agent cache. The post's statement
     * checks the returned pair against the row again.
     */
    public SessionOwners.Owner requireWritable(String sessionId) {
        SessionOwners.Owner owner = owners.of(sessionId).orElseThrow(() -> ProblemException.notFound("No chat session " + sessionId));
        Optional<Agent> agent = owner.agentId() == null ? Optional.empty() : agents.find(owner.agentId());
        if (!mayRead(owner.userId(), agent.isPresent(), currentUser.id(), currentUser.role())) {
            throw ProblemException.notFound("No chat session " + sessionId);
        }
        requireActive(agent.orElse(null), owner.agentId());
        return owner;
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
