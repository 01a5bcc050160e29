package io.animus.registry.identity.user;

import io.animus.registry.identity.Role;
import io.animus.registry.identity.session.LockoutPolicy;
import io.animus.registry.identity.session.TokenVersions;
import io.animus.registry.identity.session.UserSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.animus.registry.web.ETags;
import io.animus.registry.web.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Changes to user accounts: creation, updates, deactivation, unlock and password changes.
 * <p>
 * Passwords are hashed before the transaction starts, so that no row lock is held during the
 * hashing. Changes that could leave the registry without an active admin are serialized by an
 * advisory lock and refused when they would.
 */
@Singleton
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    private final PasswordHasher hasher;
    private final PasswordPolicy passwordPolicy;
    private final LockoutPolicy lockout;
    private final TokenVersions tokenVersions;

    @Inject
    public UserService(PasswordHasher hasher, PasswordPolicy passwordPolicy, LockoutPolicy lockout, TokenVersions tokenVersions) {
        this.hasher = hasher;
        this.passwordPolicy = passwordPolicy;
        this.lockout = lockout;
        this.tokenVersions = tokenVersions;
    }

    /** Creates a user; 409 when the username or email is taken, whatever its case. */
    public User create(CreateUserRequest request) {
        UserRules.permissions(request.permissions());
        passwordPolicy.check("password", request.password(), request.username(), request.email());
        requireFreeUsername(request.username());
        requireFreeEmail(request.email(), null);
        String hash = hasher.hash(request.password());
        return QuarkusTransaction.requiringNew().call(() -> {
            User user = new User();
            user.username = request.username();
            user.email = request.email();
            user.passwordHash = hash;
            user.role = request.role();
            user.permissions = UserRules.permissions(request.permissions());
            user.active = request.isActive() == null || request.isActive();
            user.persistAndFlush();
            return user;
        });
    }

    /** Applies the fields given in {@code request}; 412 when {@code ifMatch} names an older version. */
    public User update(int id, UpdateUserRequest request, String ifMatch) {
        User current = User.<User>findByIdOptional(id).orElseThrow(UserService::notFound);
        UserRules.permissions(request.permissions());
        if (request.email() != null) {
            requireFreeEmail(request.email(), id);
        }
        String hash = null;
        if (request.password() != null) {
            String email = request.email() != null ? request.email() : current.email;
            passwordPolicy.check("password", request.password(), current.username, email);
            hash = hasher.hash(request.password());
        }
        String newHash = hash;
        User updated = QuarkusTransaction.requiringNew().call(() -> {
            boolean touchesAdmins = request.role() != null || request.isActive() != null;
            if (touchesAdmins) {
                lockAdminChanges();
            }
            User user = lockedUser(id);
            ETags.checkIfMatch(ifMatch, user.updatedAt);
            Role role = request.role() != null ? request.role() : user.role;
            boolean active = request.isActive() != null ? request.isActive() : user.active;
            if (touchesAdmins) {
                requireAnotherAdmin(user, role, active);
            }
            if (request.email() != null) {
                user.email = request.email();
            }
            if (request.permissions() != null) {
                user.permissions = UserRules.permissions(request.permissions());
            }
            boolean roleChanged = user.role != role;
            user.role = role;
            boolean deactivated = user.active && !active;
            user.active = active;
            if (newHash != null) {
                user.passwordHash = newHash;
            }
            if (deactivated || newHash != null) {
                UserSession.deleteOfUser(id);
            }
            if (deactivated || newHash != null || roleChanged) {
                user.revokeAccessTokens();
            }
            user.flush();
            return user;
        });
        tokenVersions.forget(id);
        return updated;
    }

    /** Deactivates the user and ends their sessions; the row stays for the audit trail. */
    public void deactivate(int id) {
        QuarkusTransaction.requiringNew().run(() -> {
            lockAdminChanges();
            User user = lockedUser(id);
            requireAnotherAdmin(user, user.role, false);
            user.active = false;
            user.revokeAccessTokens();
            UserSession.deleteOfUser(id);
        });
        tokenVersions.forget(id);
    }

    /** Lifts a lockout and forgets the failed logins. */
    public User unlock(int id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            User user = lockedUser(id);
            user.setLockoutState(LockoutPolicy.State.CLEAR);
            user.flush();
            return user;
        });
    }

    /** Ends every session of the user, and refuses their access tokens from now on. */
    public long revokeSessions(int id) {
        long ended = QuarkusTransaction.requiringNew().call(() -> {
            lockedUser(id).revokeAccessTokens();
            return UserSession.deleteOfUser(id);
        });
        tokenVersions.forget(id);
        return ended;
    }

    /**
     * Changes the user's own password, proven by the current one, and ends their other sessions. Every
     * access token issued before, this request's included, is refused from now on; the current session
     * stays, so its refresh token gives a new access token.
     * A wrong current password counts as a failed login: a stolen access token must not allow
     * guessing the password here without limit.
     */
    public void changeOwnPassword(int userId, String currentSessionId, PasswordChangeRequest request) {
        User user = User.<User>findByIdOptional(userId).filter(u -> u.active).orElseThrow(UserService::unauthenticated);
        passwordPolicy.check("new_password", request.newPassword(), user.username, user.email);
        String storedHash = user.passwordHash;
        boolean matches = hasher.verify(request.oldPassword(), storedHash);
        if (matches && hasher.verify(request.newPassword(), storedHash)) {
            throw ProblemException.invalid("new_password", "must differ from the current password");
        }
        String newHash = matches ? hasher.hash(request.newPassword()) : null;
        boolean changed = QuarkusTransaction.requiringNew().call(() -> {
            User locked = lockedUser(userId);
            Instant now = Instant.now();
            LockoutPolicy.State before = locked.lockoutState();
            if (!matches || !storedHash.equals(locked.passwordHash) || lockout.isLocked(before, now)) {
                locked.setLockoutState(lockout.afterFailure(before, now));
                return false;
            }
            locked.passwordHash = newHash;
            locked.revokeAccessTokens();
            long ended = UserSession.deleteOfUserExcept(userId, currentSessionId);
            LOG.infof("User %d changed their password; %d other session(s) ended", userId, ended);
            return true;
        });
        if (!changed) {
            throw ProblemException.invalid("old_password", "is not the current password");
        }
        tokenVersions.forget(userId);
    }

    /**
     * Imports accounts with their bcrypt hashes ({@link ImportedHash}), all in one transaction: a malformed
     * hash refuses the whole request (422) and writes nothing. A username already present (or given twice)
     * is skipped, unless {@code overwrite} is asked: then its email, role and activity are replaced under the
     * same rules as an update, and its password hash never is. An email another user has is skipped.
     */
    public UserImportResponse importUsers(UserImportRequest request) {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < request.users().size(); i++) {
            hashes.add(ImportedHash.normalize("users[" + i + "].bcrypt_hash", request.users().get(i).bcryptHash()));
        }
        boolean overwrite = Boolean.TRUE.equals(request.overwrite());
        List<Integer> touched = new ArrayList<>();
        UserImportResponse response = QuarkusTransaction.requiringNew().call(() -> {
            List<String> created = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            List<UserImportResponse.Skipped> skipped = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < request.users().size(); i++) {
                UserImportRequest.Account account = request.users().get(i);
                if (!seen.add(account.username().toLowerCase(Locale.ROOT))) {
                    skipped.add(new UserImportResponse.Skipped(account.username(), "given more than once"));
                    continue;
                }
                Optional<User> existing = User.findByUsername(account.username());
                Optional<User> emailOwner = User.findByEmail(account.email())
                        .filter(other -> existing.isEmpty() || !other.id.equals(existing.get().id));
                if (existing.isPresent() && !overwrite) {
                    skipped.add(new UserImportResponse.Skipped(account.username(), "a user with this username exists"));
                } else if (emailOwner.isPresent()) {
                    skipped.add(new UserImportResponse.Skipped(account.username(), "another user has this email"));
                } else if (existing.isPresent()) {
                    User user = existing.get();
                    if (changeDeclared(user, account.email(), account.role(), account.isActive() == null || account.isActive())) {
                        touched.add(user.id);
                    }
                    updated.add(account.username());
                } else {
                    createDeclared(account.username(), account.email(), account.role(),
                            account.isActive() == null || account.isActive(), hashes.get(i));
                    created.add(account.username());
                }
            }
            return new UserImportResponse(created, updated, skipped);
        });
        touched.forEach(tokenVersions::forget);
        LOG.infof("Users imported: %d created, %d updated, %d skipped", response.created().size(), response.updated().size(),
                response.skipped().size());
        return response;
    }

    /**
     * Creates a user as declared state or an import gives it, in the caller's transaction: the username's
     * form and freedom are checked as on create; {@code passwordHash} is stored as given (null: a hash no
     * password matches, so that the account cannot sign in until an admin sets its password).
     */
    public User createDeclared(String username, String email, Role role, boolean active, String passwordHash) {
        if (username == null || username.length() < 3 || username.length() > 100 || !username.matches(UserRules.USERNAME_PATTERN)) {
            throw ProblemException.invalid("username", "'" + username + "' " + UserRules.USERNAME_MESSAGE + " (3 to 100 characters)");
        }
        requireFreeUsername(username);
        requireFreeEmail(email, null);
        User user = new User();
        user.username = username;
        user.email = email;
        user.passwordHash = passwordHash != null ? passwordHash : PasswordHasher.randomHash(hasher.cost());
        user.role = role;
        user.active = active;
        user.persistAndFlush();
        return user;
    }

    /**
     * Sets a user's email, role and activity as declared state gives them, in the caller's transaction and
     * under the rules of {@link #update} (a free email, never without an active admin); their sessions end
     * when deactivated, their tokens are refused when the role or activity changes. Whether anything changed.
     */
    public boolean changeDeclared(User user, String email, Role role, boolean active) {
        boolean touchesAdmins = user.role != role || user.active != active;
        if (touchesAdmins) {
            lockAdminChanges();
            User.getEntityManager().refresh(user, LockModeType.PESSIMISTIC_WRITE);
            requireAnotherAdmin(user, role, active);
            if (user.active && !active) {
                UserSession.deleteOfUser(user.id);
            }
            if (user.role != role || user.active != active) {
                user.revokeAccessTokens();
            }
            user.role = role;
            user.active = active;
        }
        boolean emailChanged = !user.email.equals(email);
        if (emailChanged) {
            requireFreeEmail(email, user.id);
            user.email = email;
        }
        if (touchesAdmins || emailChanged) {
            user.flush();
        }
        return touchesAdmins || emailChanged;
    }

    private static User lockedUser(int id) {
        User user = User.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            throw notFound();
        }
        return user;
    }

    /** Serializes the changes of roles and activity, so that two of them cannot both remove the last admin. */
    private static void lockAdminChanges() {
        User.getEntityManager()
                .createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('animus-registry.admins'))")
                .getSingleResult();
    }

    private static void requireAnotherAdmin(User user, Role newRole, boolean newActive) {
        boolean wasActiveAdmin = user.active && user.role == Role.ADMIN;
        boolean staysActiveAdmin = newActive && newRole == Role.ADMIN;
        if (wasActiveAdmin && !staysActiveAdmin
                && User.count("role = ?1 and active = true and id <> ?2", Role.ADMIN, user.id) == 0) {
            throw ProblemException.conflict("this is the last active admin: make another user admin first");
        }
    }

    private static void requireFreeUsername(String username) {
        if (User.findByUsername(username).isPresent()) {
            throw ProblemException.conflict("a user with this username already exists");
        }
    }

    private static void requireFreeEmail(String email, Integer exceptId) {
        User.findByEmail(email).filter(other -> !Objects.equals(other.id, exceptId)).ifPresent(other -> {
            throw ProblemException.conflict("a user with this email already exists");
        });
    }

    static ProblemException notFound() {
        return ProblemException.notFound("No user with this id");
    }

    public static ProblemException unauthenticated() {
        return new ProblemException(401, "Authentication is required: send a valid bearer access token");
    }
}
