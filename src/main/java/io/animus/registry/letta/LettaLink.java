package io.animus.registry.letta;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.animus.registry.config.secret.RewrapReport;
import io.animus.registry.config.secret.SealedSecrets;
import io.animus.registry.crypto.Secrets;
import io.animus.registry.crypto.SecretsCipher;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;

/**
 * The link's settings: the saved ones over the environment's, changed at run time by admins. The password
 * is sealed with the registry's secrets key like every encrypted value, opened only to be sent to Letta,
 * and moved to the current key by {@code POST /api/v1/secrets/rewrap}.
 */
@ApplicationScoped
public class LettaLink implements SealedSecrets {

    /** The entry the password is sealed for (the cipher's associated data). */
    static final String PASSWORD_ENTRY = "letta.password";

    private static final Logger LOG = Logger.getLogger(LettaLink.class);

    @Inject
    LettaConfig config;

    @Inject
    Secrets secrets;

    @Inject
    CurrentUser currentUser;

    /** The settings in use now. */
    @Transactional
    public LinkSettings settings() {
        LettaSettings saved = LettaSettings.findById(LettaSettings.ROW);
        return effective(saved);
    }

    /** When the saved settings last changed, if ever. */
    @Transactional
    public Optional<java.time.Instant> savedAt() {
        return LettaSettings.<LettaSettings> findByIdOptional(LettaSettings.ROW).map(saved -> saved.updatedAt);
    }

    LinkSettings effective(LettaSettings saved) {
        String url = saved != null && saved.baseUrl != null ? saved.baseUrl : config.url().filter(value -> !value.isBlank()).orElse(null);
        String urlSource = saved != null && saved.baseUrl != null ? "saved" : url != null ? "environment" : "none";
        Optional<String> password;
        String passwordSource;
        if (saved != null && saved.password != null) {
            password = Optional.of(secrets.open(saved.password, PASSWORD_ENTRY));
            passwordSource = "saved";
        } else {
            password = config.password().filter(value -> !value.isEmpty());
            passwordSource = password.isPresent() ? "environment" : "none";
        }
        Duration connect = saved != null && saved.connectTimeoutMs != null ? Duration.ofMillis(saved.connectTimeoutMs) : config.connectTimeout();
        Duration read = saved != null && saved.readTimeoutMs != null ? Duration.ofMillis(saved.readTimeoutMs) : config.readTimeout();
        String every = saved != null && saved.every != null ? saved.every : config.every();
        Optional<Duration> interval;
        try {
            interval = Intervals.parse(every);
        } catch (IllegalArgumentException e) {
            LOG.warnf("animus.letta.every (%s) %s; the scheduled reconciliation is off", every, e.getMessage());
            interval = Optional.empty();
        }
        boolean switchOff = saved != null && saved.switchOffMissing != null ? saved.switchOffMissing : config.switchOffMissing();
        return new LinkSettings(Optional.ofNullable(url).map(URI::create), urlSource, password, passwordSource, connect, read, every,
                interval, switchOff, config.pageSize(), config.maxPages(), config.maxAnswerSize().asLongValue());
    }

    /** Saves the settings the request names, all at once, or refuses them all with 422. */
    @Transactional
    public LinkSettings save(LettaSettingsRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String url = request.url() == null ? null : checkedUrl(request.url().strip(), errors);
        Integer connect = timeout("connect_timeout_ms", request.connectTimeoutMs(), 100, 300_000, errors);
        Integer read = timeout("read_timeout_ms", request.readTimeoutMs(), 100, 600_000, errors);
        String every = request.every() == null ? null : request.every().strip();
        if (every != null) {
            try {
                Intervals.parse(every);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("every", e.getMessage()));
            }
        }
        if (request.password() != null && request.password().length() > 1024) {
            errors.add(new Problem.FieldError("password", "must be at most 1024 characters"));
        } else if (request.password() != null && request.password().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            errors.add(new Problem.FieldError("password", "must not hold control characters (it is sent in an HTTP header)"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The Letta link's settings were not saved: " + errors.get(0).field() + " "
                    + errors.get(0).message(), errors);
        }
        LettaSettings saved = LettaSettings.findById(LettaSettings.ROW, LockModeType.PESSIMISTIC_WRITE);
        if (saved == null) {
            saved = new LettaSettings();
        }
        saved.baseUrl = url;
        saved.connectTimeoutMs = connect;
        saved.readTimeoutMs = read;
        saved.every = every;
        saved.switchOffMissing = request.switchOffMissing();
        if (request.password() != null) {
            saved.password = request.password().isEmpty() ? null : secrets.seal(request.password(), PASSWORD_ENTRY);
        }
        saved.updatedAt = java.time.Instant.now();
        saved.updatedBy = currentUser.isAuthenticated() ? currentUser.id() : null;
        saved.persistAndFlush();
        LOG.infof("The Letta link's settings were saved by %s: url %s, password %s, every %s", currentUser.username(),
                url == null ? "from the environment" : url, saved.password == null ? "none saved" : "saved (encrypted)",
                every == null ? "from the environment" : every);
        return effective(saved);
    }

    private static String checkedUrl(String url, List<Problem.FieldError> errors) {
        if (url.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || url.length() > 2000) {
            errors.add(new Problem.FieldError("url", "must be a URL of at most 2000 characters, without control characters"));
            return url;
        }
        try {
            URI uri = new URI(url);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                errors.add(new Problem.FieldError("url", "must be an http or https URL with a host, such as http://letta:8283"));
            } else if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                errors.add(new Problem.FieldError("url", "must not carry a user, a query or a fragment (the password is a setting of its own)"));
            }
        } catch (java.net.URISyntaxException e) {
            errors.add(new Problem.FieldError("url", "is not a URL"));
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Integer timeout(String field, Long value, int min, int max, List<Problem.FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (value < min || value > max) {
            errors.add(new Problem.FieldError(field, "must be between " + min + " and " + max + " milliseconds"));
            return null;
        }
        return value.intValue();
    }

    /** Seals the saved password under the current key; runs in the rewrap's transaction. */
    @Override
    public RewrapReport.TableCount rewrap() {
        LettaSettings saved = LettaSettings.findById(LettaSettings.ROW, LockModeType.PESSIMISTIC_WRITE);
        if (saved == null || saved.password == null) {
            return new RewrapReport.TableCount("letta_settings", 0, 0, 0);
        }
        if (secrets.isCurrent(saved.password)) {
            return new RewrapReport.TableCount("letta_settings", 1, 0, 0);
        }
        boolean sealed = SecretsCipher.isSealed(saved.password);
        saved.password = secrets.seal(secrets.open(saved.password, PASSWORD_ENTRY), PASSWORD_ENTRY);
        saved.persistAndFlush();
        return new RewrapReport.TableCount("letta_settings", 1, sealed ? 1 : 0, sealed ? 0 : 1);
    }
}
