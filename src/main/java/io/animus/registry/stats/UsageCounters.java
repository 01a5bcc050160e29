package io.animus.registry.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Uses the database does not record on its own, counted in this replica's memory per subject and UTC
 * day, so that a read adds no write: a delivery read of a module's configuration counts for the tool
 * instance, the tool and the agent it delivered, and for the registry as a whole. {@link #flush}
 * adds the counts to {@code usage_counts} ({@code count = count + n}, so that replicas add up) and
 * is called every {@code animus.stats.flush-every} and when the replica stops; a replica that dies
 * loses what it counted since its last flush. A flush that fails keeps its counts for the next one.
 */
@ApplicationScoped
public class UsageCounters {

    /** What is counted for. */
    enum Subject {
        REGISTRY("registry"), AGENT("agent"), TOOL("tool"), TOOL_INSTANCE("tool_instance");

        final String label;

        Subject(String label) {
            this.label = label;
        }
    }

    static final String DELIVERY_READS = "delivery_reads";
    private static final Logger LOG = Logger.getLogger(UsageCounters.class);
    private static final long DAY_MILLIS = 86_400_000L;
    private static final String UPSERT = """
            INSERT INTO usage_counts AS u (subject, subject_id, metric, day, count, last_at)
            SELECT v.subject, v.subject_id, ?, DATE '1970-01-01' + v.epoch_day, v.n, to_timestamp(v.last_at / 1000.0)
            FROM unnest(?::varchar[], ?::integer[], ?::integer[], ?::bigint[], ?::bigint[]) AS v (subject, subject_id, epoch_day, n, last_at)
            ON CONFLICT (subject, subject_id, metric, day)
            DO UPDATE SET count = u.count + EXCLUDED.count, last_at = GREATEST(u.last_at, EXCLUDED.last_at)""";

    private record Key(Subject subject, int id, long epochDay) {
    }

    private static final class Cell {
        final LongAdder count = new LongAdder();
        final AtomicLong lastAt = new AtomicLong();

        void add(long n, long at) {
            count.add(n);
            lastAt.accumulateAndGet(at, Math::max);
        }
    }

    @Inject
    AgroalDataSource dataSource;

    private final Map<Key, Cell> cells = new ConcurrentHashMap<>();
    private final Map<Subject, Counter> readsByScope = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    @Inject
    public UsageCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Counts one read of a delivered configuration for the subjects it delivered: the tool instance,
     * tool and agent in effect (each may be null) and the registry.
     */
    public void deliveryRead(Integer agentId, Integer toolId, Integer toolInstanceId) {
        long now = System.currentTimeMillis();
        long day = now / DAY_MILLIS;
        add(new Key(Subject.REGISTRY, 0, day), now);
        if (agentId != null) {
            add(new Key(Subject.AGENT, agentId, day), now);
        }
        if (toolId != null) {
            add(new Key(Subject.TOOL, toolId, day), now);
        }
        if (toolInstanceId != null) {
            add(new Key(Subject.TOOL_INSTANCE, toolInstanceId, day), now);
        }
        Subject scope = toolInstanceId != null ? Subject.TOOL_INSTANCE : toolId != null ? Subject.TOOL : Subject.AGENT;
        readsByScope.computeIfAbsent(scope, s -> Counter.builder("animus.delivery.reads")
                .description("Reads of a module's delivered configuration, by the kind of scope its key is bound to")
                .tag("scope", s.label).register(registry)).increment();
    }

    private void add(Key key, long at) {
        cells.computeIfAbsent(key, k -> new Cell()).add(1, at);
    }

    /** Adds what was counted since the last flush to the database; answers the number of rows written. */
    public synchronized int flush() throws SQLException {
        long today = System.currentTimeMillis() / DAY_MILLIS;
        List<Key> keys = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        List<Long> lasts = new ArrayList<>();
        for (Map.Entry<Key, Cell> entry : cells.entrySet()) {
            long n = entry.getValue().count.sumThenReset();
            if (n > 0) {
                keys.add(entry.getKey());
                counts.add(n);
                lasts.add(entry.getValue().lastAt.get());
            } else if (entry.getKey().epochDay() < today) {
                cells.remove(entry.getKey(), entry.getValue());
            }
        }
        if (keys.isEmpty()) {
            return 0;
        }
        try {
            write(keys, counts, lasts);
            return keys.size();
        } catch (SQLException | RuntimeException e) {
            for (int i = 0; i < keys.size(); i++) {
                cells.computeIfAbsent(keys.get(i), k -> new Cell()).add(counts.get(i), lasts.get(i));
            }
            throw e;
        }
    }

    private void write(List<Key> keys, List<Long> counts, List<Long> lasts) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            connection.setAutoCommit(true);
            statement.setString(1, DELIVERY_READS);
            statement.setArray(2, connection.createArrayOf("varchar", keys.stream().map(k -> k.subject().label).toArray()));
            statement.setArray(3, connection.createArrayOf("integer", keys.stream().map(Key::id).toArray()));
            statement.setArray(4, connection.createArrayOf("integer", keys.stream().map(k -> (int) k.epochDay()).toArray()));
            statement.setArray(5, connection.createArrayOf("bigint", counts.toArray()));
            statement.setArray(6, connection.createArrayOf("bigint", lasts.toArray()));
            statement.executeUpdate();
        }
    }

    /** A replica that stops adds what it counted. */
    void stop(@Observes ShutdownEvent event) {
        try {
            flush();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("The usage counts of this replica since its last flush are lost: %s", e.getMessage());
        }
    }
}
