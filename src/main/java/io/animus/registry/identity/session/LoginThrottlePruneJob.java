package io.animus.registry.identity.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/** Prunes the login throttle's table every {@code animus.auth.throttle.prune-every} ({@code off} disables it); a failure is logged and the next run goes on. */
@ApplicationScoped
public class LoginThrottlePruneJob {

    private static final Logger LOG = Logger.getLogger(LoginThrottlePruneJob.class);

    @Inject
    LoginThrottle throttle;

    @Scheduled(identity = "animus-login-throttle-pruning", every = "{animus.auth.throttle.prune-every}",
            concurrentExecution = ConcurrentExecution.SKIP)
    void run() {
        try {
            LOG.debugf("Login throttle pruning forgot %d client address(es)", throttle.prune());
        } catch (Exception e) {
            LOG.error("Pruning the login throttle failed; the next run goes on as scheduled", e);
        }
    }
}
