package io.animus.registry.letta;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * Looks every {@code animus.letta.tick} whether a reconciliation is due by the interval in the settings
 * (which admins change at run time, so the schedule cannot be fixed at start): runs it when no replica ran
 * one within the interval and none holds the lock. A failing run is recorded and logged; the next one runs.
 */
@ApplicationScoped
public class LettaJob {

    private static final Logger LOG = Logger.getLogger(LettaJob.class);

    @Inject
    LettaReconciliation reconciliation;

    @Scheduled(identity = "animus-letta", every = "{animus.letta.tick}", concurrentExecution = ConcurrentExecution.SKIP)
    void tick() {
        try {
            LettaReconciliation.Outcome outcome = reconciliation.scheduled();
            outcome.run().ifPresentOrElse(run -> LOG.debugf("Reconciliation with Letta: %s in %d ms", run.outcome(), run.durationMs()),
                    () -> LOG.tracef("Reconciliation with Letta skipped: %s", outcome.skipped()));
        } catch (RuntimeException e) {
            LOG.error("The reconciliation with Letta failed; the next one runs as scheduled", e);
        }
    }
}
