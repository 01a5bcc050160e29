package io.animus.registry.chat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;

/**
 * Hands each posted message to Broca once: a claim takes the oldest pending messages under a lease,
 * an acknowledgement marks one processed.
 * <p>
 * A claim is one statement that locks the rows it takes with {@code FOR UPDATE SKIP LOCKED}, so that
 * workers claiming at the same moment skip each other's rows instead of waiting for them or taking
 * them too; a row another worker claimed and committed in the meantime fails the re-check of the
 * lease and is skipped as well. A claimed message is held until {@code claimed_until}; not
 * acknowledged by then, it is pending again, and the next claim takes it (with
 * {@code delivery_attempts} one higher), so that a crashed worker loses nothing.
 * <p>
 * Acknowledging is idempotent: the same {@code broca_message_id} again changes nothing and answers
 * the same; another one for a processed message is a conflict (409), and so is the acknowledgement
 * of a claim whose lease ran out and was taken by another claim, when the caller names its claim
 * token, so that the late worker knows to drop its copy.
 */
@ApplicationScoped
public class BrocaDelivery {

    /** The claim, as one statement: lease seconds, claim token, claimant, limit. */
    static final String CLAIM = """
            WITH claimed AS (
                UPDATE web_chat_messages m
                   SET claimed_until = now() + ? * interval '1 second', claim_token = ?, claimed_by = ?,
                       delivery_attempts = m.delivery_attempts + 1
                 WHERE m.id IN (SELECT p.id FROM web_chat_messages p
                                 WHERE NOT p.processed AND (p.claimed_until IS NULL OR p.claimed_until < now())
                                 ORDER BY p.id
                                 LIMIT ?
                                 FOR UPDATE SKIP LOCKED)
                RETURNING m.id, m.session_id, m.user_id, m.message, m.timestamp, m.delivery_attempts, m.claimed_until)
            SELECT c.id, c.session_id, s.uid, s.agent_id, a.letta_uid, c.user_id, u.username, c.message, c.timestamp,
                   c.delivery_attempts, c.claimed_until
              FROM claimed c
              JOIN web_chat_sessions s ON s.id = c.session_id
              LEFT JOIN agents a ON a.id = s.agent_id
              LEFT JOIN users u ON u.id = c.user_id
             ORDER BY c.id""";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ChatConfig config;

    /** Takes up to {@code limit} pending messages, oldest first, for {@code leaseSeconds}, for the service {@code claimedBy}. */
    public Claim claim(ClaimRequest request, String claimedBy) {
        int limit = bounded("limit", request == null ? null : request.limit(), config.claim().defaultLimit(), config.claim().maxLimit());
        int lease = bounded("lease_seconds", request == null ? null : request.leaseSeconds(), config.claim().defaultLeaseSeconds(),
                config.claim().maxLeaseSeconds());
        String token = ChatIds.claimToken();
        List<ClaimedMessage> messages = new ArrayList<>();
        Instant claimedUntil = null;
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setInt(1, lease);
            statement.setString(2, token);
            statement.setString(3, claimedBy);
            statement.setInt(4, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    messages.add(new ClaimedMessage(rows.getInt(1), rows.getString(2), rows.getString(3), integer(rows, 4),
                            rows.getString(5), integer(rows, 6), rows.getString(7), rows.getString(8),
                            rows.getTimestamp(9).toInstant(), rows.getInt(10)));
                    claimedUntil = rows.getTimestamp(11).toInstant();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("claim of pending chat messages failed: " + e.getMessage(), e);
        }
        return new Claim(token, claimedUntil, messages);
    }

    /** Marks the message processed by Broca under {@code broca_message_id}; see the class comment for repeats. */
    @Transactional
    public WebChatMessage acknowledge(int messageId, AcknowledgeRequest request) {
        WebChatMessage message = WebChatMessage.findById(messageId, LockModeType.PESSIMISTIC_WRITE);
        if (message == null) {
            throw ProblemException.notFound("No chat message " + messageId);
        }
        if (message.processed) {
            if (Objects.equals(message.brocaMessageId, request.brocaMessageId())) {
                return message;
            }
            throw ProblemException.conflict("Message " + messageId + " was already acknowledged with broca_message_id "
                    + message.brocaMessageId);
        }
        if (request.claimToken() != null && !request.claimToken().equals(message.claimToken)) {
            throw ProblemException.conflict("The claim on message " + messageId
                    + " was lost: its lease ran out and another claim took the message; drop this copy");
        }
        message.processed = true;
        message.brocaMessageId = request.brocaMessageId();
        message.processedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        message.claimedUntil = null;
        return message;
    }

    private static int bounded(String field, Integer value, int defaultValue, int max) {
        if (value == null) {
            return defaultValue;
        }
        if (value < 1 || value > max) {
            throw ProblemException.invalid(field + ": must be between 1 and " + max,
                    List.of(new Problem.FieldError(field, "must be between 1 and " + max)));
        }
        return value;
    }

    private static Integer integer(ResultSet rows, int column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }
}
