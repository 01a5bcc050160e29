package io.animus.registry.identity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Issues, lists, revokes and verifies service keys. */
@ApplicationScoped
public class ServiceKeyService {

    /** How stale {@code last_used_at} may be: it is written at most once a minute per key, not on every call. */
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    /** A verified key: who holds it and in which role. */
    @RegisterForReflection
    public record Holder(int id, String name, String role) {
    }

    @Inject
    CurrentUser currentUser;

    /** A new key; the answer is the only place the key appears. */
    @Transactional
    public IssuedServiceKey create(ServiceKeyRequest request) {
        String name = request.name().strip();
        if (ServiceKey.count("lower(name) = lower(?1) and revokedAt is null", name) > 0) {
            throw ProblemException.conflict("A service key named " + name + " is in use; revoke it first or choose another name");
        }
        String key = ServiceKeys.generate();
        ServiceKey stored = new ServiceKey();
        stored.name = name;
        stored.keyHash = ServiceKeys.hash(key);
        stored.role = request.roleOrDefault();
        stored.createdBy = currentUser.reference();
        stored.persistAndFlush();
        return IssuedServiceKey.from(stored, key);
    }

    public Page<ServiceKeyResponse> list(PageRequest page) {
        return Page.of(ServiceKey.findAll(Sort.by("id")), page, ServiceKeyResponse::from);
    }

    public Optional<ServiceKey> find(int id) {
        return ServiceKey.findByIdOptional(id);
    }

    /** Revokes the key at once; revoking a revoked key changes nothing. */
    @Transactional
    public ServiceKey revoke(int id) {
        ServiceKey key = ServiceKey.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (key == null) {
            throw ProblemException.notFound("No service key " + id);
        }
        if (key.revokedAt == null) {
            key.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        }
        return key;
    }

    /** The holder of this key when it is a stored key that is not revoked. */
    @Transactional
    public Optional<Holder> verify(String key) {
        if (!ServiceKeys.wellFormed(key)) {
            return Optional.empty();
        }
        Optional<ServiceKey> found = ServiceKey.findByKeyHash(ServiceKeys.hash(key)).filter(stored -> !stored.revoked());
        found.ifPresent(stored -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            if (stored.lastUsedAt == null || stored.lastUsedAt.isBefore(now.minus(LAST_USED_PRECISION))) {
                ServiceKey.update("lastUsedAt = ?1 where id = ?2 and revokedAt is null", now, stored.id);
            }
        });
        return found.map(stored -> new Holder(stored.id, stored.name, stored.role));
    }
}
