package io.animus.registry.stats;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/** Flushes the in-memory usage counts every {@code animus.stats.flush-every}; a failure is logged and the counts wait for the next run. */
@ApplicationScoped
public class UsageFlushJob {

    private static final Logger LOG = Logger.getLogger(UsageFlushJob.class);

    @Inject
    UsageCounters counters;

    @Scheduled(identity = "animus-usage-flush", every = "{animus.stats.flush-every}", concurrentExecution = ConcurrentExecution.SKIP)
    void run() {
        try {
            LOG.debugf("Usage counts flushed: %d row(s)", counters.flush());
        } catch (Exception e) {
            LOG.warnf("Flushing the usage counts failed (%s); they are kept for the next flush", e.getMessage());
        }
    }
}
