package io.animus.registry.chat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/**
 * Who owns a chat session and which agent it talks to, remembered after the first read, so that a
 * post needs no query of its own for the access check.
 * <p>
 * The registry never changes a session's owner or agent, but a remembered pair is never trusted alone:
 * the post's statement inserts only while the session row still holds the same owner and agent, and a
 * post that inserted nothing forgets the pair and checks again from the row. So a stale entry (a
 * session removed or changed by hand, on this replica or another) costs one more round trip, never
 * a message in the wrong place. A full cache starts over rather than grow.
 */
@ApplicationScoped
public class SessionOwners {

    /** A session's owner (null when the session has none) and agent (null when it has none). */
    public record Owner(Integer userId, Integer agentId) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ChatConfig config;

    private final ConcurrentHashMap<String, Owner> owners = new ConcurrentHashMap<>();

    /** The session's owner and agent: remembered, or read from its row; empty when there is no such session. */
    public Optional<Owner> of(String sessionId) {
        Owner known = owners.get(sessionId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Owner> read = read(sessionId);
        read.ifPresent(owner -> remember(sessionId, owner));
        return read;
    }

    /** Forgets what is remembered of the session, so that the next {@link #of} reads its row. */
    public void forget(String sessionId) {
        owners.remove(sessionId);
    }

    /** Whether the session's owner and agent are remembered (for tests). */
    boolean remembers(String sessionId) {
        return owners.containsKey(sessionId);
    }

    private void remember(String sessionId, Owner owner) {
        if (owners.size() >= config.sessionCacheMaxEntries()) {
            owners.clear();
        }
        owners.put(sessionId, owner);
    }

    private Optional<Owner> read(String sessionId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT user_id, agent_id FROM web_chat_sessions WHERE id = ?")) {
            query.setString(1, sessionId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Owner(integer(row, 1), integer(row, 2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the owner of a chat session failed: " + e.getMessage(), e);
        }
    }

    private static Integer integer(ResultSet row, int column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }
}
