package io.animus.registry.feed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/** Prunes the change feed every {@code animus.changes.prune-every} ({@code off} disables it); a failure is logged and the next run goes on. */
@ApplicationScoped
public class ChangePruneJob {

    private static final Logger LOG = Logger.getLogger(ChangePruneJob.class);

    @Inject
    ChangePruning pruning;

    @Scheduled(identity = "animus-change-pruning", every = "{animus.changes.prune-every}", concurrentExecution = ConcurrentExecution.SKIP)
    void run() {
        try {
            long removed = pruning.prune();
            LOG.debugf(removed < 0 ? "Change pruning skipped: another replica prunes" : "Change pruning removed %d change(s)", removed);
        } catch (Exception e) {
            LOG.error("Pruning the change feed failed; the next run goes on as scheduled", e);
        }
    }
}
