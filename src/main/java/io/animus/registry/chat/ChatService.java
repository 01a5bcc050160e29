package io.animus.registry.chat;

import io.animus.registry.chat.broca.ChatReplyRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.agent.Agent;
import io.animus.registry.agent.AgentService;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.web.ListFilter;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Opens chat sessions, stores their messages and replies, and reads them back under {@link ChatAccess}. */
@ApplicationScoped
public class ChatService {

    /** Attempts at a fresh uid before giving up; a collision of 50 random bits is already most unlikely. */
    private static final int UID_ATTEMPTS = 5;

    @Inject
    EntityManager em;

    @Inject
    CurrentUser currentUser;

    @Inject
    AgentService agents;

    @Inject
    ChatAccess access;

    @Inject
    ChatConfig config;

    @Inject
    SessionOwners owners;

    @Inject
    AgroalDataSource dataSource;

    /** The filters of the session list; NULL means "any". */
    @RegisterForReflection
    public record Filter(Integer userId, Integer agentId) {
    }

    @Transactional
    public WebChatSession open(OpenSessionRequest request, String ipAddress) {
        if (request.metadata() != null && !request.metadata().isObject()) {
            throw ProblemException.invalid("metadata", "must be a JSON object");
        }
        Agent agent = access.agentForNewSession(request.agentId());
        WebChatSession session = new WebChatSession();
        session.id = ChatIds.sessionId();
        session.uid = freeUid();
        session.user = currentUser.reference();
        session.agent = em.getReference(Agent.class, agent.id);
        session.ipAddress = ipAddress == null || ipAddress.length() <= 45 ? ipAddress : ipAddress.substring(0, 45);
        session.metadata = request.metadata();
        session.persistAndFlush();
        return session;
    }

    private static String freeUid() {
        for (int attempt = 0; attempt < UID_ATTEMPTS; attempt++) {
            String uid = ChatIds.uid();
            if (WebChatSession.count("uid", uid) == 0) {
                return uid;
            }
        }
        throw new IllegalStateException("no free chat session uid after " + UID_ATTEMPTS + " attempts");
    }

    /** Sessions, most recently active first: all of them for an admin, one's own with visible agents for anyone else. */
    public Page<ChatSession> list(Filter filter, PageRequest page) {
        ListFilter where = new ListFilter();
        if (!currentUser.isAdmin()) {
            List<Integer> visible = agents.visibleIds();
            if (visible.isEmpty()) {
                return new Page<>(List.of(), page.page(), page.size(), 0);
            }
            where.where("user.id = :me", "me", currentUser.id()).where("agent.id in :visible", "visible", visible);
        }
        where.equal("user.id", "user", filter.userId()).equal("agent.id", "agent", filter.agentId());
        Sort order = Sort.by("lastActive", Sort.Direction.Descending).and("id");
        return Page.of(WebChatSession.find(where.query(), order, where.parameters()), page, ChatSession::from);
    }

    public ChatSession get(String sessionId) {
        return ChatSession.from(access.readable(sessionId));
    }

    public ChatSession getByUid(String uid) {
        WebChatSession session = WebChatSession.findByUid(uid).filter(access::mayRead)
                .orElseThrow(() -> ProblemException.notFound("No chat session with uid " + uid));
        return ChatSession.from(session);
    }

    /**
     * The message stored and the session marked active, in one statement on its own (no transaction
     * around it, so no BEGIN and COMMIT): one insert, announced once by the statement trigger, and no
     * entity to flush. It inserts only while the session still has the owner and agent the access check
     * saw (parameters 4 and 5), so that a remembered pair that went stale writes nothing.
     * Parameters: message, author, session, owner, agent, session.
     */
    static final String POST = """
            WITH posted AS (INSERT INTO web_chat_messages (session_id, message, user_id)
                            SELECT s.id, ?, ? FROM web_chat_sessions s
                             WHERE s.id = ? AND s.user_id IS NOT DISTINCT FROM CAST(? AS integer) AND s.agent_id = ?
                            RETURNING id, timestamp),
                 touched AS (UPDATE web_chat_sessions SET last_active = CURRENT_TIMESTAMP
                              WHERE id = ? AND EXISTS (SELECT 1 FROM posted))
            SELECT id, timestamp FROM posted""";

    /**
     * Stores the user's message, pending for Broca, and marks the session active, with one statement and
     * no transaction of the service's own (the statement is atomic). Chat tables are not in the change
     * feed, so there is no author to name. When the session's row no longer has the owner and agent the
     * access check used, the pair is forgotten and the post checked once more against the row.
     */
    public ChatMessage post(String sessionId, PostMessageRequest request) {
        SessionOwners.Owner owner = access.requireWritable(sessionId);
        requireLength("message", request.message(), config.messageMaxLength());
        Integer userId = currentUser.id();
        if (userId == null) {
            throw new UnauthorizedException();
        }
        ChatMessage posted = insert(sessionId, owner, userId, request.message());
        if (posted == null) {
            owners.forget(sessionId);
            posted = insert(sessionId, access.requireWritable(sessionId), userId, request.message());
        }
        if (posted == null) {
            throw ProblemException.notFound("No chat session " + sessionId);
        }
        return posted;
    }

    /** The stored message, or null when the session's row no longer has this owner and agent. */
    private ChatMessage insert(String sessionId, SessionOwners.Owner owner, int userId, String message) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(POST)) {
            statement.setString(1, message);
            statement.setInt(2, userId);
            statement.setString(3, sessionId);
            statement.setObject(4, owner.userId(), Types.INTEGER);
            statement.setObject(5, owner.agentId(), Types.INTEGER);
            statement.setString(6, sessionId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new ChatMessage(row.getInt(1), sessionId, message, row.getTimestamp(2).toInstant(), userId, false, null, null);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("posting a chat message failed: " + e.getMessage(), e);
        }
    }

    /** The session's messages in the order they were posted, after the message {@code afterId} when given. */
    public Page<ChatMessage> messages(String sessionId, Integer afterId, PageRequest page) {
        access.readable(sessionId);
        return Page.of(WebChatMessage.find("session.id = ?1 and id > ?2", Sort.by("id"), sessionId, afterId == null ? 0 : afterId),
                page, ChatMessage::from);
    }

    public ChatMessage message(String sessionId, int messageId) {
        access.readable(sessionId);
        return WebChatMessage.<WebChatMessage> findByIdOptional(messageId)
                .filter(message -> message.session.id.equals(sessionId))
                .map(ChatMessage::from)
                .orElseThrow(() -> ProblemException.notFound("No message " + messageId + " in chat session " + sessionId));
    }

    /** The agent's replies in the session, in the order they arrived, after the reply {@code afterId} when given. */
    public Page<ChatReply> replies(String sessionId, Integer afterId, PageRequest page) {
        access.readable(sessionId);
        return Page.of(WebChatResponse.find("session.id = ?1 and id > ?2", Sort.by("id"), sessionId, afterId == null ? 0 : afterId),
                page, ChatReply::from);
    }

    public ChatReply reply(String sessionId, int replyId) {
        access.readable(sessionId);
        return WebChatResponse.<WebChatResponse> findByIdOptional(replyId)
                .filter(reply -> reply.session.id.equals(sessionId))
                .map(ChatReply::from)
                .orElseThrow(() -> ProblemException.notFound("No reply " + replyId + " in chat session " + sessionId));
    }

    /** Both sides of the conversation in the order they were stored: messages and replies, by time. */
    public Page<TranscriptEntry> transcript(String sessionId, PageRequest page) {
        access.readable(sessionId);
        String union = "SELECT 'message' AS kind, id, message AS text, timestamp, user_id, CAST(NULL AS integer) AS agent_id,"
                + " CAST(NULL AS integer) AS message_id, processed, broca_message_id FROM web_chat_messages WHERE session_id = :session"
                + " UNION ALL"
                + " SELECT 'response', id, response, timestamp, CAST(NULL AS integer), agent_id, message_id, CAST(NULL AS boolean),"
                + " broca_message_id FROM web_chat_responses WHERE session_id = :session";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(union + " ORDER BY timestamp, kind, id LIMIT :limit OFFSET :offset")
                .setParameter("session", sessionId).setParameter("limit", page.size())
                .setParameter("offset", (long) page.page() * page.size()).getResultList();
        long total = ((Number) em.createNativeQuery("SELECT count(*) FROM (" + union + ") entries")
                .setParameter("session", sessionId).getSingleResult()).longValue();
        List<TranscriptEntry> entries = rows.stream().map(row -> new TranscriptEntry((String) row[0], integer(row[1]),
                (String) row[2], instant(row[3]), integer(row[4]), integer(row[5]), integer(row[6]), (Boolean) row[7],
                integer(row[8]))).toList();
        return new Page<>(entries, page.page(), page.size(), total);
    }

    /** Stores an agent's reply that Broca brings back, and marks the session active. */
    @Transactional
    public WebChatResponse storeReply(String sessionId, ChatReplyRequest request) {
        WebChatSession session = WebChatSession.<WebChatSession> findByIdOptional(sessionId)
                .orElseThrow(() -> ProblemException.notFound("No chat session " + sessionId));
        requireLength("response", request.response(), config.responseMaxLength());
        WebChatResponse reply = new WebChatResponse();
        reply.session = session;
        reply.response = request.response();
        reply.brocaMessageId = request.brocaMessageId();
        if (request.messageId() != null) {
            WebChatMessage answered = WebChatMessage.findById(request.messageId());
            if (answered == null || !answered.session.id.equals(sessionId)) {
                throw ProblemException.invalid("message_id", "is not a message of chat session " + sessionId);
            }
            reply.message = answered;
        }
        if (request.agentId() != null) {
            reply.agent = Agent.<Agent> findByIdOptional(request.agentId())
                    .orElseThrow(() -> ProblemException.invalid("agent_id", "names no agent"));
        } else {
            reply.agent = session.agent;
        }
        reply.persistAndFlush();
        WebChatSession.touch(sessionId);
        return reply;
    }

    /** The session a message belongs to, for a reply that names only the message; 404 when there is no such message. */
    public String sessionOfMessage(int messageId) {
        return WebChatMessage.<WebChatMessage> findByIdOptional(messageId).map(message -> message.session.id)
                .orElseThrow(() -> ProblemException.notFound("No chat message " + messageId));
    }

    /** The messages with these ids, as the API shows them; for event streams. */
    @Transactional
    public List<ChatMessage> messagesById(Collection<Integer> ids) {
        return WebChatMessage.<WebChatMessage> list("id in ?1", ids).stream().map(ChatMessage::from).toList();
    }

    /** The replies with these ids, as the API shows them; for event streams. */
    @Transactional
    public List<ChatReply> repliesById(Collection<Integer> ids) {
        return WebChatResponse.<WebChatResponse> list("id in ?1", ids).stream().map(ChatReply::from).toList();
    }

    /** Refuses a text longer than {@code maxLength} characters (code points) with 422. */
    private static void requireLength(String field, String text, int maxLength) {
        if (text.length() > maxLength && text.codePointCount(0, text.length()) > maxLength) {
            throw ProblemException.invalid(field, "must be at most " + maxLength + " characters long");
        }
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return value == null ? null : ((Timestamp) value).toInstant();
    }
}
