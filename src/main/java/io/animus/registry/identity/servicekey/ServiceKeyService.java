package io.animus.registry.identity.servicekey;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.Roles;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.animus.registry.event.ServiceKeyRotated;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Issues, lists, rotates, revokes and verifies service keys. */
@ApplicationScoped
public class ServiceKeyService {

    @Inject
    VerifiedServiceKeys verified;

    /** How stale {@code last_used_at} may be: it is written at most once a minute per key, not on every call. */
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    /** A verified key: who holds it, in which role, and for a module key the scope it is bound to (else null). */
    @RegisterForReflection
    public record Holder(int id, String name, String role, ModuleKey module) {
    }

    @Inject
    CurrentUser currentUser;

    @Inject
    Event<ServiceKeyRotated> rotations;

    /** A new key; the answer is the only place the key appears. */
    @Transactional
    public IssuedServiceKey create(ServiceKeyRequest request) {
        String name = request.name().strip();
        if (ServiceKey.count("lower(name) = lower(?1) and revokedAt is null", name) > 0) {
            throw ProblemException.conflict("A service key named " + name + " is in use; revoke it first or choose another name");
        }
        String role = request.roleOrDefault();
        ServiceKey stored = new ServiceKey();
        stored.name = name;
        stored.role = role;
        bind(stored, request);
        return issue(stored);
    }

    /**
     * Replaces the key by a new one of the same name, role and scope, and revokes it, in one
     * transaction: the answer holds the new key, and the old one authenticates nothing from now on.
     */
    @Transactional
    public IssuedServiceKey rotate(int id) {
        ServiceKey old = ServiceKey.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (old == null) {
            throw ProblemException.notFound("No service key " + id);
        }
        if (old.revoked()) {
            throw ProblemException.conflict("Service key " + id + " is revoked; create a new key instead of rotating it");
        }
        old.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        verified.forgetOnCompletion(old.id);
        old.flush();
        ServiceKey successor = new ServiceKey();
        successor.name = old.name;
        successor.role = old.role;
        successor.toolId = old.toolId;
        successor.toolInstanceId = old.toolInstanceId;
        successor.agentId = old.agentId;
        rotations.fire(new ServiceKeyRotated(old.id, old.name, old.role));
        return issue(successor);
    }

    private IssuedServiceKey issue(ServiceKey stored) {
        String key = ServiceKeys.generate();
        stored.keyHash = ServiceKeys.hash(key);
        stored.createdBy = currentUser.reference();
        stored.persistAndFlush();
        return IssuedServiceKey.from(stored, key);
    }

    /**
     * Binds a module key to the one scope its request names (422 for none or several, 404 for a row
     * that does not exist); a key of another role names none. The bound row is share-locked until the
     * key is stored, so that it cannot be deleted in between.
     */
    private static void bind(ServiceKey key, ServiceKeyRequest request) {
        List<KeyScope> scopes = request.scopes();
        if (!key.role.equals(Roles.MODULE)) {
            if (!scopes.isEmpty()) {
                throw ProblemException.invalid(scopes.get(0).column(), "only a key of role module is bound to a scope");
            }
            return;
        }
        if (scopes.size() != 1) {
            String detail = "A module key is bound to exactly one of tool_id, tool_instance_id, agent_id; the body names "
                    + (scopes.isEmpty() ? "none" : scopes.stream().map(KeyScope::column).collect(Collectors.joining(" and ")));
            throw ProblemException.invalid(detail, Stream.of(KeyScope.values())
                    .map(scope -> new Problem.FieldError(scope.column(), "exactly one of tool_id, tool_instance_id, agent_id"))
                    .toList());
        }
        KeyScope scope = scopes.get(0);
        int id = request.scopeId(scope);
        if (ServiceKey.getEntityManager().createNativeQuery("SELECT 1 FROM " + scope.table() + " WHERE id = :id FOR SHARE")
                .setParameter("id", id).getResultList().isEmpty()) {
            throw ProblemException.notFound("No " + scope.label().replace('_', ' ') + " " + id + " to bind the key to");
        }
        switch (scope) {
            case TOOL -> key.toolId = id;
            case TOOL_INSTANCE -> key.toolInstanceId = id;
            case AGENT -> key.agentId = id;
        }
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
            verified.forgetOnCompletion(key.id);
        }
        return key;
    }

    /** Writes {@code last_used_at} of a key verified earlier (from {@link VerifiedServiceKeys}). */
    @Transactional
    public void touch(int id) {
        ServiceKey.update("lastUsedAt = ?1 where id = ?2 and revokedAt is null", Instant.now().truncatedTo(ChronoUnit.MICROS), id);
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
        return found.filter(stored -> !stored.role.equals(Roles.MODULE) || stored.scope() != null)
                .map(stored -> new Holder(stored.id, stored.name, stored.role, stored.role.equals(Roles.MODULE)
                        ? new ModuleKey(stored.id, stored.name, stored.scope(), stored.scopeId()) : null));
    }
}
