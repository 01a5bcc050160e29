package io.animus.registry.identity.session;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Where a login comes from, as the session records it. The address is the peer of the connection;
 * it is the client named by {@code Forwarded}/{@code X-Forwarded-For} only when the operator
 * enables Quarkus's proxy support for trusted proxies ({@code quarkus.http.proxy.*}), which then
 * rewrites the peer address. The registry never reads those headers itself.
 */
@RegisterForReflection
public record ClientInfo(String ipAddress, String userAgent) {

    /** The width of {@code user_sessions.ip_address}. */
    static final int MAX_ADDRESS = 45;
    /** The longest user agent kept; longer ones are cut. */
    static final int MAX_USER_AGENT = 512;

    public static ClientInfo of(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        String address = peer == null ? null : peer.hostAddress();
        return new ClientInfo(cut(address, MAX_ADDRESS), cut(request.getHeader("User-Agent"), MAX_USER_AGENT));
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
