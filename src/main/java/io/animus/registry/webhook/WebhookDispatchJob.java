package io.animus.registry.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * Starts a pass of the {@link WebhookDispatcher} every {@code animus.webhooks.every} ({@code off}
 * disables sending on this replica), and prunes old deliveries once an hour; a failure is logged and
 * the next run goes on.
 */
@ApplicationScoped
public class WebhookDispatchJob {

    private static final Logger LOG = Logger.getLogger(WebhookDispatchJob.class);
    private static final long PRUNE_EVERY_NANOS = 3_600_000_000_000L;

    @Inject
    WebhookDispatcher dispatcher;

    private long prunedAt = System.nanoTime();

    @Scheduled(identity = "animus-webhook-dispatch", every = "{animus.webhooks.every}", concurrentExecution = ConcurrentExecution.SKIP)
    void run() {
        try {
            dispatcher.dispatch();
            if (System.nanoTime() - prunedAt > PRUNE_EVERY_NANOS) {
                prunedAt = System.nanoTime();
                LOG.debugf("Webhook pruning removed %d old deliveries", dispatcher.prune());
            }
        } catch (Exception e) {
            LOG.warnf("A webhook dispatch pass failed (%s); the next one goes on as scheduled", e.getMessage());
        }
    }
}
