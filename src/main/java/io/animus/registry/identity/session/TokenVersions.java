package io.animus.registry.identity.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.notify.ChannelSubscriber;
import io.animus.registry.notify.ListeningCache;
import io.animus.registry.notify.ListeningCache.WhenFull;

/**
 * Whether an access token still stands: its user exists, is active, and the token carries the user's
 * current token version ({@code users.token_version}, raised by deactivation, a role or password change
 * and a revocation of all sessions). Checked on every request that carries a token, so that such a change
 * refuses the user's existing tokens at once rather than at their expiry.
 * <p>
 * Each replica keeps the standing of the users it has seen, so that the check needs no database round
 * trip; a trigger announces every change of a user's token version or activity (and a deletion) on the
 * PostgreSQL channel {@code animus_user_tokens}, and every replica forgets that user at once. The cache
 * follows the listener as every such cache does ({@link ListeningCache}): it serves only while the
 * listener is connected (otherwise each check reads the database), and a read that raced with an
 * announcement is not kept. A full cache starts over rather than refuse the newest user.
 */
@ApplicationScoped
public class TokenVersions implements ChannelSubscriber {

    static final String CHANNEL = "animus_user_tokens";

    /** What the registry holds of one user for their tokens; {@link #MISSING} for a user who does not exist. */
    record Standing(int version, boolean active) {

        static final Standing MISSING = new Standing(-1, false);

        /** Whether a token of {@code tokenVersion} stands. */
        boolean admits(int tokenVersion) {
            return active && version == tokenVersion;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "animus.auth.token-cache.max-entries", defaultValue = "10000")
    int maxEntries;

    private final ListeningCache<Integer, Standing> users = new ListeningCache<>(() -> maxEntries, WhenFull.START_OVER);

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void connected(boolean again) {
        users.connected();
    }

    @Override
    public void notified(List<String> payloads) {
        for (String payload : payloads) {
            users.evict(Integer.valueOf(payload));
        }
    }

    @Override
    public void disconnected() {
        users.disconnected();
    }

    /** The user's standing as this replica knows it, or null when it has to be read ({@link #load}). */
    Standing cached(int userId) {
        return users.peek(userId);
    }

    /** Reads the user's standing from the database and keeps it, unless an announcement came meanwhile. */
    Standing load(int userId) {
        long before = users.generation();
        Standing standing = read(userId);
        users.remember(userId, standing, before);
        return standing;
    }

    private Standing read(int userId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT token_version, is_active FROM users WHERE id = ?")) {
            query.setInt(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? new Standing(rows.getInt(1), rows.getBoolean(2)) : Standing.MISSING;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The standing of a user's tokens could not be read", e);
        }
    }

    /**
     * Forgets the user on this replica at once, after a change of theirs committed here (the announcement
     * reaches the other replicas, and this one again a moment later).
     */
    public void forget(int userId) {
        users.evict(userId);
    }
}
