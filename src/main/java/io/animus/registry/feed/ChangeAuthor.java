package io.animus.registry.feed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * Names the user of the request in each transaction the request begins, as the transaction-local
 * setting {@code animus.user_id}: the triggers that record changes read it as the change's "by".
 * A transaction without a signed-in user (discovery, a service key, psql) leaves it unset, and its
 * changes have no "by". The identity is read only once the request has authenticated, so that the
 * transactions of authentication itself are left alone. A transaction begun inside a
 * {@link WritesNoFollowedTable} method writes nothing the feed records, and is not named either.
 */
@ApplicationScoped
public class ChangeAuthor {

    private static final Logger LOG = Logger.getLogger(ChangeAuthor.class);

    @Inject
    EntityManager em;

    @Inject
    CurrentVertxRequest request;

    void begun(@Observes @Initialized(TransactionScoped.class) Object transaction) {
        if (UnfollowedTransactions.active()) {
            return;
        }
        String userId = userId();
        if (userId == null) {
            return;
        }
        try {
            em.createNativeQuery("SELECT set_config('animus.user_id', :id, true)").setParameter("id", userId).getSingleResult();
        } catch (PersistenceException e) {
            // The database is away. A failure thrown from here would escape the transaction's begin and
            // leave the transaction on the worker thread for its next request. Hibernate has marked this
            // transaction rollback-only, so nothing commits without its author; the request's own first
            // statement meets the same failure and answers it (503).
            LOG.debugf("the author of the transaction could not be named: %s", e.getMessage());
        }
    }

    private String userId() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        RoutingContext context = request.getCurrent();
        if (context == null || !(context.user() instanceof QuarkusHttpUser user)
                || !(user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        return jwt.getSubject();
    }
}
