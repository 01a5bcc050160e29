package io.animus.registry.chat.broca;

import io.animus.registry.chat.ChatConfig;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;

/**
 * The gauge {@code animus_chat_messages_pending}: how many messages Broca has not acknowledged yet,
 * in the whole database (so every replica reports the same figure). It is counted on the partial
 * index of pending messages at most once per {@code animus.chat.pending-gauge-ttl}, when the metrics
 * are scraped, and never on an I/O thread. It carries no labels, so nothing about users or sessions.
 */
@ApplicationScoped
public class PendingMessagesGauge {

    static final String NAME = "animus.chat.messages.pending";
    private static final Logger LOG = Logger.getLogger(PendingMessagesGauge.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ChatConfig config;

    @Inject
    MeterRegistry registry;

    private double pending = Double.NaN;
    private long countedAt;

    void register(@Observes StartupEvent event) {
        Gauge.builder(NAME, this, PendingMessagesGauge::value)
                .description("Chat messages posted and not yet acknowledged by Broca")
                .register(registry);
    }

    synchronized double value() {
        long now = System.nanoTime();
        boolean stale = Double.isNaN(pending) || now - countedAt >= config.pendingGaugeTtl().toNanos();
        if (stale && !Context.isOnEventLoopThread()) {
            try {
                pending = count();
                countedAt = now;
            } catch (SQLException e) {
                LOG.debugf("Pending chat messages not counted: %s", e.getMessage());
            }
        }
        return pending;
    }

    private double count() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM web_chat_messages WHERE NOT processed")) {
            result.next();
            return result.getLong(1);
        }
    }
}
