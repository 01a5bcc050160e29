package io.animus.registry.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;

/**
 * Sends the pending deliveries of the outbox. A pass claims webhooks whose oldest pending delivery is
 * due, as many as this replica has free senders, by a lease on the webhook's row taken with
 * {@code FOR UPDATE SKIP LOCKED}: one replica at a time sends a webhook's deliveries, and a replica
 * that dies loses its claims when their lease ends. Each claimed webhook gets a sender of its own,
 * which sends its deliveries one at a time, oldest first, until its queue is empty, an attempt fails
 * (the queue then waits for that delivery's retry: order is kept) or its turn ends (half a lease, so
 * that other webhooks get theirs). A receiver that hangs holds only its own sender, for at most the
 * request timeout. A failed attempt is retried after a wait that doubles from the initial backoff up
 * to the maximum; after the last attempt the delivery is marked failed and the queue moves on.
 * Deliveries are sent at least once: a replica that dies between a receiver's answer and its record
 * sends that delivery again (receivers recognise it by the event's {@code id}).
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private static final String CLAIM = """
            UPDATE webhooks w SET leased_by = ?, lease_until = clock_timestamp() + make_interval(secs => ?)
            WHERE w.id IN (
                SELECT c.id FROM webhooks c
                WHERE c.is_active AND (c.lease_until IS NULL OR c.lease_until < clock_timestamp()) AND c.id <> ALL (?)
                  AND EXISTS (SELECT 1 FROM (SELECT d.next_attempt_at FROM webhook_deliveries d
                                             WHERE d.webhook_id = c.id AND d.status = 'pending' ORDER BY d.id LIMIT 1) head
                              WHERE head.next_attempt_at <= clock_timestamp())
                ORDER BY c.lease_until NULLS FIRST, c.id
                LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING w.id, w.url, w.secret""";
    private static final String PENDING = """
            SELECT d.id, d.attempts, d.next_attempt_at <= clock_timestamp(), e.uid, e.event_type, e.occurred_at, e.data::text
            FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
            WHERE d.webhook_id = ? AND d.status = 'pending' ORDER BY d.id LIMIT ?""";
    private static final String DELIVERED = """
            UPDATE webhook_deliveries d SET status = 'delivered', attempts = d.attempts + 1, last_attempt_at = v.at,
                delivered_at = v.at, response_status = v.code, duration_ms = v.ms, last_error = NULL
            FROM (SELECT u.id, u.code, u.ms, to_timestamp(u.at_ms / 1000.0) AS at
                  FROM unnest(?::bigint[], ?::integer[], ?::integer[], ?::bigint[]) AS u (id, code, ms, at_ms)) v
            WHERE d.id = v.id AND d.status = 'pending'""";
    private static final String FAILED = """
            UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = ?, response_status = ?, last_error = ?,
                duration_ms = ?, status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE 'pending' END,
                next_attempt_at = clock_timestamp() + make_interval(secs => ?)
            WHERE id = ? AND status = 'pending' RETURNING status""";
    private static final String RENEW = """
            UPDATE webhooks SET lease_until = clock_timestamp() + make_interval(secs => ?) WHERE id = ? AND leased_by = ?""";
    private static final String RELEASE = "UPDATE webhooks SET leased_by = NULL, lease_until = clock_timestamp() WHERE id = ? AND leased_by = ?";

    /** One claimed webhook. */
    private record Claim(int id, URI url, String sealedSecret) {
    }

    /** One pending delivery and its event. */
    private record Pending(long id, int attempts, boolean due, UUID eventId, String type, Instant occurredAt, String data) {
    }

    /** A delivered attempt not yet recorded. */
    private record Done(long id, int status, int millis, Instant at) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookConfig config;

    @Inject
    WebhookSecrets secrets;

    @Inject
    WebhookSender sender;

    @Inject
    WebhookMetrics metrics;

    @Inject
    ObjectMapper json;

    /** This replica's name in {@code leased_by}: unique per process. */
    private final String replica = replicaName();
    private final Set<Integer> sending = ConcurrentHashMap.newKeySet();
    private ExecutorService senders;
    private volatile boolean stopping;

    private synchronized ExecutorService senders() {
        if (senders == null) {
            AtomicInteger number = new AtomicInteger();
            senders = Executors.newFixedThreadPool(Math.max(1, config.concurrency()), task -> {
                Thread thread = new Thread(task, "webhook-sender-" + number.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return senders;
    }

    /**
     * One pass: claims the webhooks with a delivery due, as many as there are free senders, and starts
     * sending each; answers at once with the senders' futures.
     */
    public List<Future<?>> dispatch() throws SQLException {
        int free = config.concurrency() - sending.size();
        if (free <= 0 || stopping) {
            return List.of();
        }
        List<Future<?>> started = new ArrayList<>();
        for (Claim claim : claim(free)) {
            sending.add(claim.id());
            try {
                started.add(senders().submit(() -> send(claim)));
            } catch (RuntimeException e) {
                sending.remove(claim.id());
                release(claim.id());
                throw e;
            }
        }
        return started;
    }

    /** A pass that waits for its senders: what tests and the command line use. Answers the number of webhooks served. */
    public int dispatchAndWait() throws SQLException, InterruptedException {
        List<Future<?>> started = dispatch();
        for (Future<?> future : started) {
            try {
                future.get();
            } catch (ExecutionException e) {
                LOG.warnf(e.getCause(), "A webhook sender failed");
            }
        }
        return started.size();
    }

    private List<Claim> claim(int limit) throws SQLException {
        List<Claim> claims = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            connection.setAutoCommit(true);
            statement.setString(1, replica);
            statement.setDouble(2, config.lease().toMillis() / 1000.0);
            Array busy = connection.createArrayOf("integer", sending.toArray(Integer[]::new));
            statement.setArray(3, busy);
            statement.setInt(4, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    claims.add(new Claim(rows.getInt(1), URI.create(rows.getString(2)), rows.getString(3)));
                }
            }
        }
        return claims;
    }

    /** The sender of one claimed webhook. */
    private void send(Claim claim) {
        long turnEnds = System.nanoTime() + config.lease().toNanos() / 2;
        long renewAt = System.nanoTime() + config.lease().toNanos() / 3;
        try {
            String secret;
            try {
                secret = secrets.open(claim.id(), claim.sealedSecret());
            } catch (RuntimeException e) {
                LOG.warnf("The secret of webhook %d cannot be opened (%s): its deliveries wait", claim.id(), e.getMessage());
                failHead(claim, "not sent: the webhook's secret cannot be opened with the configured secrets keys");
                return;
            }
            boolean more = true;
            while (more && !stopping && System.nanoTime() < turnEnds) {
                List<Pending> batch = pending(claim.id());
                if (batch.isEmpty() || !batch.get(0).due()) {
                    return;
                }
                List<Done> done = new ArrayList<>();
                try {
                    for (Pending delivery : batch) {
                        if (!delivery.due() || stopping) {
                            more = false;
                            break;
                        }
                        WebhookSender.Outcome outcome = sender.send(claim.url(), secret, delivery.id(), delivery.type(), body(delivery));
                        metrics.attempted(delivery.type(), outcome);
                        if (outcome.delivered()) {
                            done.add(new Done(delivery.id(), outcome.status(), outcome.millis(), outcome.at()));
                        } else {
                            record(done);
                            done.clear();
                            if (!failed(delivery, outcome)) {
                                more = false;
                                break;
                            }
                        }
                        if (System.nanoTime() > renewAt) {
                            if (!renew(claim.id())) {
                                LOG.warnf("This replica lost its claim on webhook %d; another one sends it", claim.id());
                                return;
                            }
                            renewAt = System.nanoTime() + config.lease().toNanos() / 3;
                        }
                    }
                } finally {
                    record(done);
                }
                more = more && batch.size() == config.batchSize();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Sending the deliveries of webhook %d stopped (%s); the next pass goes on", claim.id(), e.getMessage());
        } finally {
            sending.remove(claim.id());
            release(claim.id());
        }
    }

    private List<Pending> pending(int webhookId) throws SQLException {
        List<Pending> batch = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(PENDING)) {
            statement.setInt(1, webhookId);
            statement.setInt(2, Math.max(1, config.batchSize()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    batch.add(new Pending(rows.getLong(1), rows.getInt(2), rows.getBoolean(3), (UUID) rows.getObject(4),
                            rows.getString(5), rows.getTimestamp(6).toInstant(), rows.getString(7)));
                }
            }
        }
        return batch;
    }

    /** The body of a delivery: the event's id (the same in every attempt and redelivery), type, time and data. */
    private byte[] body(Pending delivery) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", delivery.eventId().toString());
        body.put("type", delivery.type());
        body.put("occurred_at", delivery.occurredAt().toString());
        try {
            body.put("data", json.readTree(delivery.data()));
            return json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event's data is JSON the database wrote", e);
        }
    }

    private void record(List<Done> done) {
        if (done.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(DELIVERED)) {
            statement.setArray(1, connection.createArrayOf("bigint", done.stream().map(Done::id).toArray(Long[]::new)));
            statement.setArray(2, connection.createArrayOf("integer", done.stream().map(Done::status).toArray(Integer[]::new)));
            statement.setArray(3, connection.createArrayOf("integer", done.stream().map(Done::millis).toArray(Integer[]::new)));
            statement.setArray(4, connection.createArrayOf("bigint", done.stream().map(d -> d.at().toEpochMilli()).toArray(Long[]::new)));
            statement.executeUpdate();
        } catch (SQLException e) {
            // the receivers have them: sent again after the lease, which is what at-least-once allows
            LOG.warnf("Recording %d delivered attempts failed (%s); they will be sent again", done.size(), e.getMessage());
        }
    }

    /** Records a failed attempt; answers whether the queue may move on (the delivery has used its last attempt). */
    private boolean failed(Pending delivery, WebhookSender.Outcome outcome) throws SQLException {
        int attempt = delivery.attempts() + 1;
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(FAILED)) {
            statement.setTimestamp(1, Timestamp.from(outcome.at()));
            statement.setObject(2, outcome.status(), java.sql.Types.INTEGER);
            statement.setString(3, abbreviate(outcome.error()));
            statement.setInt(4, outcome.millis());
            statement.setInt(5, config.maxAttempts());
            statement.setDouble(6, backoff(attempt).toMillis() / 1000.0);
            statement.setLong(7, delivery.id());
            try (ResultSet rows = statement.executeQuery()) {
                boolean gaveUp = rows.next() && WebhookDelivery.FAILED.equals(rows.getString(1));
                if (gaveUp) {
                    metrics.gaveUp(delivery.type());
                    LOG.warnf("Delivery %d (event %s) failed after %d attempts: %s", delivery.id(), delivery.type(), attempt,
                            outcome.error());
                }
                return gaveUp;
            }
        }
    }

    /** Fails the oldest pending delivery of a webhook that cannot be sent at all, so that it waits its backoff. */
    private void failHead(Claim claim, String error) throws SQLException {
        List<Pending> batch = pending(claim.id());
        if (!batch.isEmpty()) {
            failed(batch.get(0), new WebhookSender.Outcome(false, null, error, 0, Instant.now()));
        }
    }

    /** The wait after the {@code attempt}-th failed attempt (from 1): the initial backoff doubled per earlier failure, capped. */
    Duration backoff(int attempt) {
        Duration wait = config.initialBackoff();
        for (int i = 1; i < attempt && wait.compareTo(config.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    private boolean renew(int webhookId) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(RENEW)) {
            statement.setDouble(1, config.lease().toMillis() / 1000.0);
            statement.setInt(2, webhookId);
            statement.setString(3, replica);
            return statement.executeUpdate() == 1;
        }
    }

    private void release(int webhookId) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(RELEASE)) {
            statement.setInt(1, webhookId);
            statement.setString(2, replica);
            statement.executeUpdate();
        } catch (SQLException e) {
            LOG.debugf("Releasing the claim on webhook %d failed (%s); it ends with its lease", webhookId, e.getMessage());
        }
    }

    /**
     * Removes delivered and failed deliveries older than the retention, and events no delivery refers
     * to any more; answers how many deliveries went. Safe on every replica at once.
     */
    public int prune() throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement deliveries = connection.prepareStatement(
                "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < clock_timestamp() - make_interval(secs => ?)");
                PreparedStatement events = connection.prepareStatement("DELETE FROM webhook_events e WHERE e.occurred_at"
                        + " < clock_timestamp() - make_interval(secs => ?) AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)")) {
            double seconds = config.retention().toMillis() / 1000.0;
            deliveries.setDouble(1, seconds);
            int removed = deliveries.executeUpdate();
            events.setDouble(1, seconds);
            events.executeUpdate();
            return removed;
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }

    private static String replicaName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "replica");
        String name = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        return name.length() > 100 ? name.substring(name.length() - 100) : name;
    }

    /** Lets the senders finish the attempt in hand (at most a request timeout), then stops them. */
    @PreDestroy
    void stop() {
        stopping = true;
        ExecutorService pool;
        synchronized (this) {
            pool = senders;
        }
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(config.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
