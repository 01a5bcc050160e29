package io.animus.registry.stats;

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
 * Registry-wide gauges for Prometheus: agents, tools, tool instances, chat sessions and messages in the
 * database, the same figure on every replica. They carry no label at all (no agent, no user): per-agent
 * figures are the API's ({@code /api/v1/stats/agents}). Counted together at most once per
 * {@code animus.stats.gauge-ttl}, when scraped, never on an I/O thread.
 */
@ApplicationScoped
public class StatsGauges {

    private static final Logger LOG = Logger.getLogger(StatsGauges.class);
    private static final String[] NAMES = { "animus.registry.agents", "animus.registry.tools", "animus.registry.tool.instances",
            "animus.chat.sessions", "animus.chat.messages" };
    private static final String[] DESCRIPTIONS = { "Agents in the registry", "Tools in the registry", "Tool instances in the registry",
            "Chat sessions stored", "Chat messages stored" };

    @Inject
    AgroalDataSource dataSource;

    @Inject
    StatsConfig config;

    @Inject
    MeterRegistry registry;

    private final double[] values = { Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN };
    private long countedAt;

    void register(@Observes StartupEvent event) {
        for (int i = 0; i < NAMES.length; i++) {
            int index = i;
            Gauge.builder(NAMES[i], this, gauges -> gauges.value(index)).description(DESCRIPTIONS[i]).register(registry);
        }
    }

    synchronized double value(int index) {
        long now = System.nanoTime();
        boolean stale = Double.isNaN(values[index]) || now - countedAt >= config.gaugeTtl().toNanos();
        if (stale && !Context.isOnEventLoopThread()) {
            try {
                count();
                countedAt = now;
            } catch (SQLException e) {
                LOG.debugf("Registry gauges not counted: %s", e.getMessage());
            }
        }
        return values[index];
    }

    private void count() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT (SELECT count(*) FROM agents), (SELECT count(*) FROM tools),"
                        + " (SELECT count(*) FROM tool_instances), (SELECT count(*) FROM web_chat_sessions),"
                        + " (SELECT count(*) FROM web_chat_messages)")) {
            result.next();
            for (int i = 0; i < values.length; i++) {
                values[i] = result.getLong(i + 1);
            }
        }
    }
}
