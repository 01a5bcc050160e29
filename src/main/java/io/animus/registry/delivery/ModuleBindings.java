package io.animus.registry.delivery;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.animus.registry.config.LayerScope;
import io.animus.registry.identity.ServiceKeyIdentityProvider;
import io.animus.registry.web.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The scope of the module key behind a request. A key is bound to its scope when it is created and
 * never rebound, so each replica remembers the binding of a key it has seen; whether the key is still
 * valid is decided by authentication on every request.
 */
@ApplicationScoped
public class ModuleBindings {

    private static final String SCOPE = "SELECT agent_id, tool_id, tool_instance_id FROM service_keys WHERE id = :id AND role = 'module'";
    private static final int REMEMBERED = 100_000;

    @Inject
    EntityManager entityManager;

    private final ConcurrentHashMap<Integer, LayerScope> scopes = new ConcurrentHashMap<>();

    /** The key id of the identity (authenticated by a module key). */
    static int keyId(SecurityIdentity identity) {
        Object id = identity.getAttribute(ServiceKeyIdentityProvider.SERVICE_KEY_ID);
        if (!(id instanceof Integer keyId)) {
            throw new ProblemException(401, "Only a module key reads a delivered configuration");
        }
        return keyId;
    }

    /** The binding when this replica knows it; else null. */
    ModuleBinding known(int keyId) {
        LayerScope scope = scopes.get(keyId);
        return scope == null ? null : new ModuleBinding(keyId, scope);
    }

    /** The binding, read from the key's row when this replica does not know it. Blocking. */
    ModuleBinding load(int keyId) {
        ModuleBinding known = known(keyId);
        if (known != null) {
            return known;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.joiningExisting()
                .call(() -> entityManager.createNativeQuery(SCOPE).setParameter("id", keyId).getResultList());
        if (rows.isEmpty()) {
            throw new ProblemException(401, "Only a module key reads a delivered configuration");
        }
        Object[] row = rows.get(0);
        LayerScope scope = new LayerScope(integer(row[0]), integer(row[1]), integer(row[2]));
        if (scopes.size() >= REMEMBERED) {
            scopes.clear();
        }
        scopes.put(keyId, scope);
        return new ModuleBinding(keyId, scope);
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }
}
