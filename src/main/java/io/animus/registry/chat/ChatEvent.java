package io.animus.registry.chat;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One Server-Sent Event of a chat stream: its name ({@code message}, {@code response},
 * {@code processed}, {@code pending}, {@code open}, {@code resync}, {@code ping}), its id, and its data
 * as JSON text.
 */
@RegisterForReflection
public record ChatEvent(String name, String id, String data) {

    public static final String OPEN = "open";
    public static final String MESSAGE = "message";
    public static final String RESPONSE = "response";
    public static final String PROCESSED = "processed";
    public static final String PENDING = "pending";
    public static final String RESYNC = "resync";
    public static final String PING = "ping";
}
