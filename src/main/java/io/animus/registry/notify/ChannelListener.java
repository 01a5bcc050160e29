package io.animus.registry.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The one database connection of a replica that listens for the announcements PostgreSQL triggers
 * make when changes commit (agents, chat), and hands them to their {@link ChannelSubscriber}s.
 * <p>
 * It reconnects after a lost connection, waiting 0.1 s, then twice as long each time up to 5 s.
 * While it is away every subscriber knows ({@code disconnected}), and on reconnection each is told
 * that announcements may have been missed. On shutdown it stops listening and returns its
 * connection before the connection pool closes.
 */
@ApplicationScoped
public class ChannelListener {

    /** How long one wait for announcements lasts; also the longest a shutdown waits for the listener. */
    static final Duration POLL = Duration.ofMillis(500);
    private static final long MAX_BACKOFF_MILLIS = 5000;
    private static final Logger LOG = Logger.getLogger(ChannelListener.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @All
    List<ChannelSubscriber> subscribers;

    private List<ChannelSubscriber> active = List.of();
    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        active = subscribers.stream().filter(ChannelSubscriber::enabled).toList();
        if (active.isEmpty()) {
            return;
        }
        running = true;
        thread = new Thread(this::listen, "channel-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(2 * POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen() {
        long backoff = 100;
        boolean connectedBefore = false;
        while (running) {
            boolean connected = false;
            try (Connection connection = dataSource.getConnection()) {
                try {
                    connection.setAutoCommit(true);
                    try (Statement statement = connection.createStatement()) {
                        for (ChannelSubscriber subscriber : active) {
                            statement.execute("LISTEN " + subscriber.channel());
                        }
                    }
                    PGConnection postgres = connection.unwrap(PGConnection.class);
                    connected = true;
                    backoff = 100;
                    for (ChannelSubscriber subscriber : active) {
                        subscriber.connected(connectedBefore);
                    }
                    connectedBefore = true;
                    while (running) {
                        deliver(postgres.getNotifications((int) POLL.toMillis()));
                        active.forEach(ChannelSubscriber::tick);
                    }
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("UNLISTEN *");
                    }
                } catch (SQLException | RuntimeException e) {
                    showBrokenToPool(connection);
                    throw e;
                } finally {
                    if (connected) {
                        active.forEach(ChannelSubscriber::disconnected);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running && connected) {
                    LOG.warnf("Listening for changes stopped (%s); reconnecting", e.getMessage());
                }
            }
            sleepUntilRetry(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /**
     * Waiting for notifications goes past the pool's wrapper, so the pool has not seen the failure:
     * a statement through the wrapper lets it see the connection is broken and discard it rather
     * than lend it to a request. A connection that still works stays.
     */
    private static void showBrokenToPool(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
        } catch (SQLException e) {
            // the pool's exception sorter has marked the connection
        }
    }

    private void deliver(PGNotification[] notifications) {
        if (notifications == null || notifications.length == 0) {
            return;
        }
        Map<String, List<String>> byChannel = new LinkedHashMap<>();
        for (PGNotification notification : notifications) {
            byChannel.computeIfAbsent(notification.getName(), name -> new ArrayList<>()).add(notification.getParameter());
        }
        for (ChannelSubscriber subscriber : active) {
            List<String> payloads = byChannel.get(subscriber.channel());
            if (payloads != null) {
                subscriber.notified(payloads);
            }
        }
    }

    /** Waits before the next attempt, ticking the subscribers meanwhile (chat heartbeats go on). */
    private void sleepUntilRetry(long millis) {
        long until = System.currentTimeMillis() + millis;
        while (running) {
            active.forEach(ChannelSubscriber::tick);
            long left = until - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(left, POLL.toMillis()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
