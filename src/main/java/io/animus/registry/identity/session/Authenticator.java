package io.animus.registry.identity.session;

import io.animus.registry.identity.AuthConfig;
import io.animus.registry.identity.user.PasswordHasher;
import io.animus.registry.identity.user.User;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.identity.session.AuthMetrics.LoginFailure;
import io.animus.registry.identity.session.AuthMetrics.RefreshOutcome;
import io.animus.registry.web.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Login, refresh and logout: checks passwords under the lockout rule, opens sessions and rotates
 * their refresh tokens.
 * <p>
 * Password hashing happens outside any transaction; the decision and its bookkeeping happen in a
 * short one that holds the user's row lock, so that concurrent attempts are all counted. Every
 * refused login, whatever the reason, gets the same answer.
 */
@Singleton
public class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class);

    /** The one answer of every refused login: it does not say whether the user exists or is locked. */
    static final String INVALID_LOGIN = "The username or password is incorrect, or the account cannot sign in at the moment";
    static final String THROTTLED = "Too many failed logins from this address; wait before trying again";
    static final String INVALID_REFRESH = "The refresh token is invalid, expired or revoked; sign in again";

    private final PasswordHasher hasher;
    private final LockoutPolicy lockout;
    private final AccessTokens accessTokens;
    private final AuthMetrics metrics;
    private final AuthConfig config;
    private final LoginThrottle throttle;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    public Authenticator(PasswordHasher hasher, LockoutPolicy lockout, AccessTokens accessTokens, AuthMetrics metrics,
            AuthConfig config, LoginThrottle throttle) {
        this.hasher = hasher;
        this.lockout = lockout;
        this.accessTokens = accessTokens;
        this.metrics = metrics;
        this.config = config;
        this.throttle = throttle;
    }

    /**
     * Signs {@code username} in and opens a session, or refuses with the one 401 answer; 429 when the
     * client's address has failed too many logins of late ({@link LoginThrottle}).
     */
    public TokenResponse login(LoginRequest request, ClientInfo client) {
        throttle.take(client.ipAddress()).ifPresent(wait -> {
            throw ProblemException.tooManyRequests(THROTTLED, wait);
        });
        TokenResponse tokens = checkPassword(request, client);
        throttle.succeeded(client.ipAddress());
        return tokens;
    }

    private TokenResponse checkPassword(LoginRequest request, ClientInfo client) {
        Optional<User> candidate = User.findByUsername(request.username());
        if (candidate.isEmpty()) {
            hasher.verifyDummy(request.password());
            throw refused(LoginFailure.UNKNOWN_USER);
        }
        String storedHash = candidate.get().passwordHash;
        boolean matches = hasher.verify(request.password(), storedHash);
        int userId = candidate.get().id;
        Attempt attempt = QuarkusTransaction.requiringNew().call(() -> attempt(userId, storedHash, matches, client));
        if (attempt.lockedNow()) {
            metrics.lockedOut();
        }
        if (attempt.failure() != null) {
            throw refused(attempt.failure());
        }
        metrics.loginSucceeded();
        rehashIfNeeded(userId, storedHash, request.password());
        return TokenResponse.bearer(attempt.accessToken(), accessTokens.lifespanSeconds(), attempt.refreshToken());
    }

    /**
     * Applies the outcome of a password check made against {@code storedHash}, in a transaction that
     * holds the user's row: counts the failure or opens the session.
     */
    private Attempt attempt(int userId, String storedHash, boolean matches, ClientInfo client) {
        User user = User.findById(userId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now();
        if (user == null || !user.active) {
            return Attempt.refused(LoginFailure.INACTIVE, false);
        }
        LockoutPolicy.State before = user.lockoutState();
        if (lockout.isLocked(before, now)) {
            return Attempt.refused(LoginFailure.LOCKED, false);
        }
        if (!matches || !storedHash.equals(user.passwordHash)) {
            LockoutPolicy.State after = lockout.afterFailure(before, now);
            user.setLockoutState(after);
            boolean lockedNow = lockout.locked(before, after);
            if (lockedNow) {
                LOG.infof("User %d locked until %s after %d consecutive failed logins (lockout %d in a row)",
                        user.id, after.lockedUntil(), lockout.maxFailures(), after.lockouts());
            }
            return Attempt.refused(LoginFailure.INVALID_PASSWORD, lockedNow);
        }
        user.setLockoutState(lockout.afterSuccess());
        user.lastLogin = now;
        UserSession.deleteExpiredOfUser(user.id, now);
        String refreshToken = RefreshTokens.generate();
        UserSession session = new UserSession();
        session.id = UUID.randomUUID().toString();
        session.user = user;
        session.sessionToken = RefreshTokens.hash(refreshToken);
        session.ipAddress = client.ipAddress();
        session.userAgent = client.userAgent();
        session.expiresAt = earliest(now.plus(config.refreshTokenLifespan()), now.plus(config.sessionMaxLifespan()));
        session.persist();
        return Attempt.opened(accessTokens.issue(user, session.id), refreshToken);
    }

    /**
     * Hashes the password again at the configured work factor when its stored hash has another one.
     * Done only after a successful login, so that the extra work says nothing a 401 would hide.
     */
    private void rehashIfNeeded(int userId, String storedHash, String password) {
        if (hasher.needsRehash(storedHash)) {
            String upgraded = hasher.hash(password);
            QuarkusTransaction.requiringNew().run(() -> User.update(
                    "passwordHash = ?1 where id = ?2 and passwordHash = ?3", upgraded, userId, storedHash));
        }
    }

    /** Exchanges a refresh token for new tokens, rotating it; a rotated token used again ends its session. */
    public TokenResponse refresh(String refreshToken, ClientInfo client) {
        String hash = RefreshTokens.hash(refreshToken);
        Attempt attempt = QuarkusTransaction.requiringNew().call(() -> rotate(hash, client));
        if (attempt.reused()) {
            metrics.refreshed(RefreshOutcome.REUSED);
            throw new ProblemException(401, INVALID_REFRESH);
        }
        if (attempt.accessToken() == null) {
            metrics.refreshed(RefreshOutcome.INVALID);
            throw new ProblemException(401, INVALID_REFRESH);
        }
        metrics.refreshed(RefreshOutcome.SUCCESS);
        return TokenResponse.bearer(attempt.accessToken(), accessTokens.lifespanSeconds(), attempt.refreshToken());
    }

    private Attempt rotate(String hash, ClientInfo client) {
        Optional<UserSession> found = UserSession.findByTokenHashForUpdate(hash);
        if (found.isEmpty()) {
            Optional<UserSession> reused = UserSession.findByPreviousTokenHash(hash);
            reused.ifPresent(session -> {
                LOG.warnf("A rotated refresh token of session %s (user %d) was used again: the session is revoked",
                        session.id, session.user.id);
                session.delete();
            });
            return reused.isPresent() ? Attempt.REUSED : Attempt.INVALID;
        }
        UserSession session = found.get();
        Instant now = Instant.now();
        User user = session.user;
        if (!now.isBefore(session.expiresAt) || !user.active) {
            session.delete();
            return Attempt.INVALID;
        }
        String refreshToken = RefreshTokens.generate();
        session.previousToken = session.sessionToken;
        session.sessionToken = RefreshTokens.hash(refreshToken);
        session.refreshedAt = now;
        session.expiresAt = earliest(now.plus(config.refreshTokenLifespan()),
                session.createdAt.plus(config.sessionMaxLifespan()));
        if (client.ipAddress() != null) {
            session.ipAddress = client.ipAddress();
        }
        return Attempt.opened(accessTokens.issue(user, session.id), refreshToken);
    }

    /**
     * A new access token for the live session of {@code refreshToken}, which keeps its refresh token:
     * the web console holds the refresh token in an HttpOnly cookie that the browser sends with
     * several requests at once, so rotating it would make the second request look like a replayed
     * token. The session's expiry slides as on a refresh. Empty when the session is unknown, expired
     * or its user inactive (an expired or inactive one is deleted).
     */
    public Optional<String> renew(String refreshToken) {
        String hash = RefreshTokens.hash(refreshToken);
        Optional<String> renewed = QuarkusTransaction.requiringNew().call(() -> {
            Optional<UserSession> found = UserSession.findByTokenHashForUpdate(hash);
            if (found.isEmpty()) {
                return Optional.<String> empty();
            }
            UserSession session = found.get();
            Instant now = Instant.now();
            if (!now.isBefore(session.expiresAt) || !session.user.active) {
                session.delete();
                return Optional.<String> empty();
            }
            session.refreshedAt = now;
            session.expiresAt = earliest(now.plus(config.refreshTokenLifespan()),
                    session.createdAt.plus(config.sessionMaxLifespan()));
            return Optional.of(accessTokens.issue(session.user, session.id));
        });
        metrics.refreshed(renewed.isPresent() ? RefreshOutcome.SUCCESS : RefreshOutcome.INVALID);
        return renewed;
    }

    /**
     * Whether the session {@code sessionId} is live and still holds {@code refreshToken}. The console asks it
     * on every request, so it is one indexed query on a connection of its own, outside any transaction and
     * without the entity layer.
     */
    public boolean isLive(String sessionId, String refreshToken) {
        String hash = RefreshTokens.hash(refreshToken);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT 1 FROM user_sessions WHERE id = ? AND session_token = ? AND expires_at > ?")) {
            statement.setString(1, sessionId);
            statement.setString(2, hash);
            statement.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The console session could not be checked: " + e.getMessage(), e);
        }
    }

    /** Ends the session of {@code refreshToken} (current or just rotated); answers whether there was one. */
    public boolean logout(String refreshToken) {
        String hash = RefreshTokens.hash(refreshToken);
        return QuarkusTransaction.requiringNew()
                .call(() -> UserSession.delete("sessionToken = ?1 or previousToken = ?1", hash) > 0);
    }

    /** The one 401 answer of a refused login, counted under its real reason. */
    private ProblemException refused(LoginFailure failure) {
        metrics.loginFailed(failure);
        return new ProblemException(401, INVALID_LOGIN);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** What a login or refresh transaction decided. */
    private record Attempt(LoginFailure failure, boolean lockedNow, boolean reused, String accessToken, String refreshToken) {

        static final Attempt INVALID = new Attempt(null, false, false, null, null);
        static final Attempt REUSED = new Attempt(null, false, true, null, null);

        static Attempt refused(LoginFailure failure, boolean lockedNow) {
            return new Attempt(failure, lockedNow, false, null, null);
        }

        static Attempt opened(String accessToken, String refreshToken) {
            return new Attempt(null, false, false, accessToken, refreshToken);
        }

        @Override
        public String toString() {
            return "Attempt[failure=" + failure + ", lockedNow=" + lockedNow + ", reused=" + reused + "]";
        }
    }
}
