package io.animus.registry.identity.user;

import io.animus.registry.identity.Role;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the user {@code admin} on a start with no users, so that a new registry can be signed in
 * to. Its password is {@code animus.admin.initial-password}; when that is unset, a random one is
 * generated and written once to the log, as Jenkins and Keycloak do. There is no fixed default.
 * <p>
 * Replicas that start together take a PostgreSQL advisory lock and look again for users under it:
 * exactly one of them creates the admin, and only that one logs a generated password.
 */
@Singleton
public class FirstAdmin {

    /** The username of the first administrator. */
    public static final String USERNAME = "admin";

    /** Characters of generated passwords: letters and digits without the look-alikes 0/O, 1/l/I. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int GENERATED_LENGTH = 24;
    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);

    private final AdminConfig config;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;

    @Inject
    public FirstAdmin(AdminConfig config, PasswordHasher hasher, PasswordPolicy policy) {
        this.config = config;
        this.hasher = hasher;
        this.policy = policy;
    }

    void onStart(@Observes StartupEvent event) {
        createIfNoUsers();
    }

    /** Creates {@code admin} when the registry has no users; answers whether this call created it. */
    public boolean createIfNoUsers() {
        return createIfNoUsers(config.initialPassword());
    }

    /** As {@link #createIfNoUsers()}, with the initial password given rather than configured. */
    boolean createIfNoUsers(Optional<String> initialPassword) {
        if (QuarkusTransaction.requiringNew().call(FirstAdmin::anyUser)) {
            return false;
        }
        String configured = initialPassword.filter(value -> !value.isBlank()).orElse(null);
        if (configured != null) {
            List<String> broken = policy.brokenRules(configured, USERNAME, config.email());
            if (!broken.isEmpty()) {
                throw new IllegalStateException("ANIMUS_ADMIN_INITIAL_PASSWORD (animus.admin.initial-password) "
                        + String.join("; ", broken) + ". Choose another, or unset it to have one generated.");
            }
        }
        String password = configured != null ? configured : generatePassword();
        String hash = hasher.hash(password);
        boolean created = QuarkusTransaction.requiringNew().call(() -> {
            User.getEntityManager()
                    .createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('animus-registry.first-admin'))")
                    .getSingleResult();
            if (anyUser()) {
                return false;
            }
            User admin = new User();
            admin.username = USERNAME;
            admin.email = config.email();
            admin.passwordHash = hash;
            admin.role = Role.ADMIN;
            admin.persist();
            return true;
        });
        if (created && configured != null) {
            LOG.infof("No users existed: created the administrator '%s' with the password of ANIMUS_ADMIN_INITIAL_PASSWORD",
                    USERNAME);
        } else if (created) {
            announce(password);
        }
        return created;
    }

    private static void announce(String password) {
        String rule = "*".repeat(78);
        LOG.warnf("%n%s%n%nNo users existed: created the administrator '%s' with this generated password:%n%n    %s%n%n"
                + "It is shown only this once. Sign in and change it (PUT /api/v1/users/me/password), or set%n"
                + "ANIMUS_ADMIN_INITIAL_PASSWORD before the first start of a new registry.%n%n%s",
                rule, USERNAME, password, rule);
    }

    /** A random password of 24 letters and digits (about 140 bits). */
    static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** Whether the registry has a user: reads one row, however many there are. */
    private static boolean anyUser() {
        return User.findAll().firstResultOptional().isPresent();
    }
}
