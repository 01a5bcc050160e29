package io.animus.registry.feed;

/** One Server-Sent Event of the change stream: its name, its id (the change's cursor; null for others) and its JSON. */
record FeedEvent(String name, String id, String data) {

    static final String OPEN = "open";
    static final String CHANGE = "change";
    static final String PING = "ping";
}
