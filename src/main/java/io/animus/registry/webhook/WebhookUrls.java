package io.animus.registry.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import io.animus.registry.web.ProblemException;

/**
 * The rule of a webhook's URL: an absolute {@code http} or {@code https} URL with a host, without
 * user information (it would be shown in every read) or fragment. Unless private addresses are
 * allowed ({@code animus.webhooks.allow-private-addresses}), its host must resolve, and only to
 * public addresses: loopback, private (RFC 1918, unique local), link-local (cloud metadata),
 * carrier-grade NAT, multicast and unspecified addresses are refused, at registration and again
 * before each attempt (a name may be pointed elsewhere later).
 */
public final class WebhookUrls {

    private WebhookUrls() {
    }

    /** The URL checked, or a 422 problem that names what is wrong with it. */
    public static URI check(String url, boolean allowPrivate) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("url", "is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ProblemException.invalid("url", "must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ProblemException.invalid("url", "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ProblemException.invalid("url", "must not carry user information (user:password@); the secret signs deliveries");
        }
        if (uri.getRawFragment() != null) {
            throw ProblemException.invalid("url", "must not have a fragment (#...)");
        }
        if (!allowPrivate) {
            refusal(uri).ifPresent(reason -> {
                throw ProblemException.invalid("url", reason);
            });
        }
        return uri;
    }

    /** Why a delivery to {@code uri} is refused under the no-private-addresses rule, or empty when it may go. */
    public static Optional<String> refusal(URI uri) {
        String host = uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.of("its host " + host + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return Optional.of("its host " + host + " is an internal address (" + address.getHostAddress()
                        + "); webhooks may reach public addresses only, unless animus.webhooks.allow-private-addresses is set");
            }
        }
        return Optional.empty();
    }

    /** Whether an address belongs to this host, a private network, a link or no one in particular. */
    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT, 100.64.0.0/10
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // unique local, fc00::/7
        }
        return false;
    }
}
