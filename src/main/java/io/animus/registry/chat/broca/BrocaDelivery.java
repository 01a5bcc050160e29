package io.animus.registry.chat.broca;

import io.animus.registry.chat.ChatConfig;
import io.animus.registry.chat.ChatIds;
import io.animus.registry.chat.WebChatMessage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 * <p>
 * A batch acknowledgement does the same for many messages of one claim in one transaction, all or
 * nothing: it locks the named rows in id order (so that two batches that overlap wait for each other
 * instead of deadlocking), refuses the whole batch with 404 or 409 naming each message that is
 * unknown, acknowledged under another {@code broca_message_id}, or no longer held by the claim token,
 * and otherwise marks the rest processed with one statement. Repeating a batch answers the same.
 */
@ApplicationScoped
public class BrocaDelivery {

    /** The claim, as one statement: lease seconds, claim token, claimant, limit. */
    public static final String CLAIM = """
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

    /** Locks the rows of a batch acknowledgement, in id order: ids. */
    static final String LOCK_BATCH = """
            SELECT id, processed, broca_message_id, claim_token FROM web_chat_messages
             WHERE id = ANY (?) ORDER BY id FOR UPDATE""";

    /** Marks the rows of a batch processed: processed_at, ids, Broca's ids. */
    static final String ACKNOWLEDGE_BATCH = """
            UPDATE web_chat_messages m
               SET processed = true, broca_message_id = b.broca_message_id, processed_at = ?, claimed_until = NULL
              FROM unnest(?::integer[], ?::integer[]) AS b(id, broca_message_id)
             WHERE m.id = b.id AND NOT m.processed""";

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

    /**
     * Marks every message of the batch processed, in one transaction, or none; see the class comment. The
     * transaction is the connection's own (no JTA transaction around it): its two statements are all the
     * request writes, and sparing the transaction manager is a good part of the call's cost.
     */
    public AcknowledgedBatch acknowledge(BatchAcknowledgeRequest request) {
        List<BatchAcknowledgeRequest.Item> items = request.messages();
        int max = config.claim().maxLimit();
        if (items.size() > max) {
            throw ProblemException.invalid("messages", "must hold at most " + max + " messages, as a claim does");
        }
        Map<Integer, Integer> brocaIds = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (brocaIds.putIfAbsent(items.get(i).id(), items.get(i).brocaMessageId()) != null) {
                throw ProblemException.invalid("messages[" + i + "].id", "names message " + items.get(i).id() + " a second time");
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                AcknowledgedBatch acknowledged = acknowledge(connection, request, brocaIds);
                connection.commit();
                return acknowledged;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("batch acknowledgement of chat messages failed: " + e.getMessage(), e);
        }
    }

    /** The batch's two statements, on a connection in a transaction: lock and check the rows, then mark them. */
    private AcknowledgedBatch acknowledge(Connection connection, BatchAcknowledgeRequest request, Map<Integer, Integer> brocaIds)
            throws SQLException {
        List<BatchAcknowledgeRequest.Item> items = request.messages();
        Array ids = connection.createArrayOf("integer", brocaIds.keySet().toArray());
        List<Integer> already = new ArrayList<>();
        List<Problem.FieldError> conflicts = new ArrayList<>();
        Set<Integer> found = new HashSet<>();
        try (PreparedStatement lock = connection.prepareStatement(LOCK_BATCH)) {
            lock.setArray(1, ids);
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    int id = rows.getInt(1);
                    found.add(id);
                    Integer requested = brocaIds.get(id);
                    Integer stored = integer(rows, 3);
                    if (rows.getBoolean(2)) {
                        if (Objects.equals(stored, requested)) {
                            already.add(id);
                        } else {
                            conflicts.add(new Problem.FieldError(field(items, id),
                                    "message " + id + " was already acknowledged with broca_message_id " + stored));
                        }
                    } else if (!request.claimToken().equals(rows.getString(4))) {
                        conflicts.add(new Problem.FieldError(field(items, id), "the claim on message " + id
                                + " was lost: its lease ran out and another claim took the message; drop this copy"));
                    }
                }
            }
        }
        List<Integer> unknown = brocaIds.keySet().stream().filter(id -> !found.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw new ProblemException(404, "No chat message " + unknown.get(0)
                    + (unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more)" : "") + "; nothing was acknowledged",
                    unknown.stream().map(id -> new Problem.FieldError(field(items, id), "no chat message " + id)).toList());
        }
        if (!conflicts.isEmpty()) {
            throw new ProblemException(409, conflicts.size() + " of the " + items.size()
                    + " messages cannot be acknowledged under this claim; nothing was acknowledged", conflicts);
        }
        List<Integer> acknowledged = brocaIds.keySet().stream().filter(id -> !already.contains(id)).sorted().toList();
        if (!acknowledged.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(ACKNOWLEDGE_BATCH)) {
                update.setTimestamp(1, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS)));
                update.setArray(2, connection.createArrayOf("integer", acknowledged.toArray()));
                update.setArray(3, connection.createArrayOf("integer", acknowledged.stream().map(brocaIds::get).toArray()));
                update.executeUpdate();
            }
        }
        return new AcknowledgedBatch(acknowledged, already.stream().sorted().toList());
    }

    private static String field(List<BatchAcknowledgeRequest.Item> items, int id) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).id() == id) {
                return "messages[" + i + "]";
            }
        }
        return "messages";
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
