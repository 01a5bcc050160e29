package io.animus.registry.notify;

import java.util.List;

import io.agroal.api.AgroalDataSource;

/**
 * The listening part of a second replica inside a test: its own {@link ChannelListener}, with its own
 * connection to the same database, feeding the subscribers a test gives it.
 */
public final class SecondListener implements AutoCloseable {

    private final ChannelListener listener = new ChannelListener();

    public SecondListener(AgroalDataSource dataSource, List<ChannelSubscriber> subscribers) {
        listener.dataSource = dataSource;
        listener.subscribers = subscribers;
        listener.start(null);
    }

    @Override
    public void close() {
        listener.stop(null);
    }
}
